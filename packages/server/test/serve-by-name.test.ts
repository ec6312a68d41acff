import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { supports, type ProviderDefinition } from '@stowage/core';
import s3 from '@stowage/provider-upload-aws-s3';
import azure from '@stowage/provider-upload-azure';
import gcsProvider from '@stowage/provider-upload-gcs';
import local from '@stowage/provider-upload-local';
import { startAzurite, type AzuriteServer } from '@stowage/test-servers/azurite';
import { startGcsEmulator, type GcsEmulator } from '@stowage/test-servers/gcs-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshS3Bucket } from './helpers/s3.js';

// The repository's own start, choosing the backend by name through the environment, as a person trying
// Stowage against their bucket would: `bash scripts/start.sh` ends in `pnpm start`, which runs this
// package's start script, `tsx src/cli.ts serve --cwd <where pnpm was run>`, run here directly so that
// SIGTERM reaches the server.
const repo = fileURLToPath(new URL('../../..', import.meta.url));
const pkg = fileURLToPath(new URL('..', import.meta.url));

let azurite: AzuriteServer;
let gcs: GcsEmulator;
let dir: string;
const children: ChildProcess[] = [];
beforeAll(async () => {
  [azurite, gcs] = await Promise.all([startAzurite({ resolveFrom: fileURLToPath(new URL('../package.json', import.meta.url)) }), startGcsEmulator()]);
  dir = await mkdtemp(join(tmpdir(), 'stowage-by-name-'));
}, 60_000);
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await Promise.all([azurite?.stop(), gcs?.stop(), dir && rm(dir, { recursive: true, force: true })]);
});

interface Started {
  url: Promise<string>;
  exit: Promise<number | null>;
  output: () => string;
  child: ChildProcess;
}

function start(env: Record<string, string>): Started {
  const child = spawn(join(pkg, 'node_modules', '.bin', 'tsx'), ['src/cli.ts', 'serve', '--cwd', repo], {
    cwd: pkg,
    env: { ...process.env, PORT: '0', STOWAGE_HOST: '127.0.0.1', STOWAGE_LOG_LEVEL: 'info', STOWAGE_DATABASE_URL: join(dir, `${randomBytes(4).toString('hex')}.db`), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const found = /"url":"(http:[^"]+)","msg":"listening"/.exec(out);
      if (found?.[1] !== undefined) resolve(found[1].replace('localhost', '127.0.0.1'));
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', () => reject(new Error(`stowage serve exited before listening:\n${out}`)));
  });
  url.catch(() => undefined);
  return { url, exit: new Promise((resolve) => child.once('exit', resolve)), output: () => out, child };
}

const DEFINITIONS: Record<string, ProviderDefinition> = { local, 'aws-s3': s3, azure, gcs: gcsProvider };

/** Starts the server on the named backend, uploads through it, and checks the bytes are in that backend. */
async function storesThrough(name: string, options: Record<string, unknown>): Promise<void> {
  const server = start({ STOWAGE_PROVIDER: name, STOWAGE_PROVIDER_OPTIONS: JSON.stringify(options) });
  const url = await server.url;
  const body = `stored on ${name} ${randomBytes(8).toString('hex')}`;
  const form = new FormData();
  form.append('file[]', new File([body], 'by-name.txt', { type: 'text/plain' }));
  const res = await fetch(`${url}/v1/files`, { method: 'POST', body: form });
  expect(res.status, server.output()).toBe(201);
  const { processedFiles } = (await res.json()) as { processedFiles: { id: string }[] };
  expect(await (await fetch(`${url}/v1/files/${processedFiles[0]?.id}`)).text()).toBe(body);
  server.child.kill('SIGTERM');
  expect(await server.exit).toBe(0);

  // Seen from the backend itself, through the same provider package (from its sources: the tests need no build).
  const provider = await (DEFINITIONS[name] as ProviderDefinition).init(options);
  if (!supports(provider, 'list') || !supports(provider, 'read')) throw new Error(`${name} lists and reads`);
  const stored: string[] = [];
  for await (const entry of provider.list()) {
    const chunks: Buffer[] = [];
    for await (const chunk of (await provider.read(entry.key)).body) chunks.push(Buffer.from(chunk as Uint8Array));
    stored.push(Buffer.concat(chunks).toString());
  }
  expect(stored).toContain(body);
  if (supports(provider, 'close')) await provider.close();
}

describe('the repository’s start chooses the backend by name (STOWAGE_PROVIDER)', () => {
  it('local', async () => {
    await storesThrough('local', { root: join(dir, 'local-root') });
  }, 60_000);

  it('aws-s3, on Ceph RGW', async () => {
    const { providerOptions } = await freshS3Bucket();
    await storesThrough('aws-s3', providerOptions as Record<string, unknown>);
  }, 60_000);

  it('azure, on Azurite', async () => {
    await storesThrough('azure', { connectionString: azurite.connectionString, container: `by-name-${randomBytes(4).toString('hex')}`, createContainerIfMissing: true });
  }, 60_000);

  it('gcs, on the Cloud Storage emulator', async () => {
    await storesThrough('gcs', { bucket: `by-name-${randomBytes(4).toString('hex')}`, apiEndpoint: gcs.endpoint, projectId: gcs.projectId });
  }, 60_000);

  it('names the packages tried and the install command when the provider is not installed', async () => {
    const server = start({ STOWAGE_PROVIDER: 'dropbox', STOWAGE_PROVIDER_OPTIONS: '{}' });
    expect(await server.exit).not.toBe(0);
    expect(server.output()).toContain('Provider "dropbox" not found; tried "@stowage/provider-upload-dropbox", "stowage-provider-upload-dropbox". Install it: npm install @stowage/provider-upload-dropbox');
  }, 60_000);
});

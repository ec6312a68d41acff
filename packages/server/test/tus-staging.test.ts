import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Capability, Provider } from '@stowage/core';
import { createLocalProvider } from '@stowage/provider-upload-local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../src/server.js';
import { ADMIN_SECRET, TEST_BUCKETS } from './helpers/test-server.js';
import { tusUpload } from './helpers/tus-client.js';

const MiB = 1024 * 1024;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('tus over a provider without the resumable capability: the staging fallback', () => {
  let dir: string;
  let server: RunningServer | undefined;
  const staged = async () => (existsSync(join(dir, 'staging')) ? readdir(join(dir, 'staging')) : []);
  const start = async () => {
    await server?.close();
    // A restart: the server closes its provider, so each start gets a new one over the same folder.
    const local = await createLocalProvider({ root: join(dir, 'uploads'), fsync: false });
    // The same provider, minus `resumable`: the shape of a third-party provider that only uploads.
    const provider = Object.create(local, { capabilities: { value: new Set<Capability>([...local.capabilities].filter((c) => c !== 'resumable')) } }) as Provider;
    server = await startServer({
      provider,
      config: { database: { client: 'sqlite', filename: join(dir, 'db') }, buckets: TEST_BUCKETS, tus: { stagingDir: join(dir, 'staging'), sweepInterval: 0 }, logLevel: 'silent', adminSecret: ADMIN_SECRET },
      host: '127.0.0.1',
      port: 0,
    });
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stowage-tus-staging-'));
    await start();
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('stages the bytes on disk, resumes them after a restart, and stores them through upload at the last byte', async () => {
    const data = randomBytes(12 * MiB);
    const endpoint = () => `${server!.url}/v1/files/tus`;
    const stopped = (await tusUpload(endpoint(), data, { chunkSize: 4 * MiB, stopAfter: 4 * MiB }).catch((e: unknown) => e)) as { url: string; accepted: number };
    expect(stopped.accepted).toBe(4 * MiB);
    expect(await staged()).toHaveLength(1);
    await start();
    const id = decodeURIComponent(stopped.url.split('/').pop()!);
    const resumed = await tusUpload(endpoint(), data, { chunkSize: 4 * MiB, uploadUrl: `${endpoint()}/${id}` });
    expect(resumed.patchOffsets[0]).toBe(4 * MiB);
    expect(JSON.parse(resumed.fileHeader ?? 'null')).toMatchObject({ id, size: data.length, etag: `"${sha256(data)}"` });
    const res = await fetch(`${server!.url}/v1/files/${id}`);
    expect(sha256(new Uint8Array(await res.arrayBuffer()))).toBe(sha256(data));
    expect(await staged()).toEqual([]);
    expect(existsSync(join(dir, 'uploads', '.stowage', 'resumable'))).toBe(false);
  });

  it('drops the staged bytes when the upload is terminated', async () => {
    const created = await fetch(`${server!.url}/v1/files/tus`, { method: 'POST', headers: { 'tus-resumable': '1.0.0', 'upload-length': '100' } });
    const location = created.headers.get('location')!;
    await fetch(location, { method: 'PATCH', headers: { 'tus-resumable': '1.0.0', 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' }, body: 'x'.repeat(40) });
    expect(await staged()).toHaveLength(1);
    expect((await fetch(location, { method: 'DELETE', headers: { 'tus-resumable': '1.0.0' } })).status).toBe(204);
    expect(await staged()).toEqual([]);
  });
});

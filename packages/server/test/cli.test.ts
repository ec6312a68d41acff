import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const tsx = join(pkg, 'node_modules', '.bin', 'tsx');

interface Cli {
  child: ChildProcess;
  url: Promise<string>;
  exit: Promise<number | null>;
  output: () => string;
}

/** Runs `stowage serve` from sources (as `pnpm start` does), in `cwd`. */
function runCli(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Cli {
  const child = spawn(tsx, ['--tsconfig', join(pkg, 'tsconfig.json'), join(pkg, 'src', 'cli.ts'), 'serve', ...args], {
    cwd,
    env: { ...process.env, STOWAGE_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const found = /"url":"(http:[^"]+)","msg":"listening"/.exec(out);
      if (found?.[1] !== undefined) resolve(found[1]);
    });
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', () => reject(new Error(`stowage exited before listening:\n${out}`)));
  });
  url.catch(() => undefined);
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, url, exit, output: () => out };
}

describe('stowage serve (CLI)', () => {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  afterEach(async () => {
    for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });
  async function tempDir(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'stowage-cli-'));
    dirs.push(dir);
    return dir;
  }

  it('starts with nothing configured: provider-local in ./uploads, SQLite ./stowage.db', async () => {
    const cwd = await tempDir();
    const cli = runCli(cwd, [], { PORT: '0' });
    children.push(cli.child);
    const url = (await cli.url).replace('localhost', '127.0.0.1');
    const form = new FormData();
    form.append('file[]', new File(['fresh machine'], 'fresh.txt', { type: 'text/plain' }));
    const res = await fetch(`${url}/v1/files`, { method: 'POST', body: form });
    expect(res.status).toBe(201);
    const { processedFiles } = (await res.json()) as { processedFiles: { id: string }[] };
    expect(await (await fetch(`${url}/v1/files/${processedFiles[0]?.id}`)).text()).toBe('fresh machine');
    expect(existsSync(join(cwd, 'stowage.db'))).toBe(true);
    expect(existsSync(join(cwd, 'uploads', 'default'))).toBe(true);
    cli.child.kill('SIGTERM');
    expect(await cli.exit).toBe(0);
  });

  it('reads stowage.config.json, with --port and environment overrides', async () => {
    const cwd = await tempDir();
    await writeFile(join(cwd, 'stowage.config.json'), JSON.stringify({ port: 1, buckets: { avatars: { maxUploadFileSize: 10 } }, providerOptions: { root: './files' } }));
    const cli = runCli(cwd, ['--port', '0'], { STOWAGE_DATABASE_URL: './records.db' });
    children.push(cli.child);
    const url = (await cli.url).replace('localhost', '127.0.0.1');
    const form = new FormData();
    form.append('bucket-id', 'avatars');
    form.append('file[]', new File(['more than ten bytes'], 'a.txt', { type: 'text/plain' }));
    expect((await fetch(`${url}/v1/files`, { method: 'POST', body: form })).status).toBe(413);
    expect(existsSync(join(cwd, 'records.db'))).toBe(true);
    expect(existsSync(join(cwd, 'files'))).toBe(true);
    cli.child.kill('SIGTERM');
    expect(await cli.exit).toBe(0);
  });

  it('reads a TypeScript config and fails at start with a clear message on a bad one', async () => {
    const cwd = await tempDir();
    await writeFile(join(cwd, 'stowage.config.ts'), "const size: number = 'big' as unknown as number;\nexport default { sizeLimit: size, buckets: { 'Bad Id': {} } };\n");
    const cli = runCli(cwd, ['--port', '0']);
    children.push(cli.child);
    expect(await cli.exit).toBe(1);
    expect(cli.output()).toMatch(/Invalid configuration \(.*stowage\.config\.ts\): sizeLimit: must be a number of bytes; buckets\.Bad Id: bucket ids must match/);
  });

  it('shuts down gracefully: an upload in flight at SIGTERM completes, then the process exits 0', async () => {
    const cwd = await tempDir();
    const cli = runCli(cwd, ['--port', '0']);
    children.push(cli.child);
    const url = new URL((await cli.url).replace('localhost', '127.0.0.1'));
    const boundary = 'stowageboundary';
    const status = new Promise<number>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path: '/v1/files', method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write(`--${boundary}\r\nContent-Disposition: form-data; name="file[]"; filename="slow.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`);
      req.write(Buffer.alloc(10_000, 1));
      setTimeout(() => {
        cli.child.kill('SIGTERM');
        setTimeout(() => {
          req.write(Buffer.alloc(10_000, 2));
          req.end(`\r\n--${boundary}--\r\n`);
        }, 700);
      }, 300);
    });
    expect(await status).toBe(201);
    expect(await cli.exit).toBe(0);
    expect(cli.output()).toMatch(/shutting down/);
  });
});

import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_SECRET, startTestServer, type TestServer } from './helpers/test-server.js';

const MiB = 1024 * 1024;

/** `size` bytes of a deterministic pattern, generated chunk by chunk (never held whole). */
function* pattern(size: number): Generator<Buffer> {
  const chunk = Buffer.alloc(MiB);
  for (let i = 0; i < chunk.length; i++) chunk[i] = (i * 31 + 7) & 0xff;
  for (let sent = 0; sent < size; sent += chunk.length) yield chunk.subarray(0, Math.min(chunk.length, size - sent));
}

function postMultipart(url: string, parts: () => Generator<Buffer | string>): Promise<{ status: number; body: string }> {
  const boundary = 'stowage-stream-boundary';
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = request({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    const source = Readable.from(
      (function* () {
        yield `--${boundary}\r\nContent-Disposition: form-data; name="file[]"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`;
        yield* parts();
        yield `\r\n--${boundary}--\r\n`;
      })(),
    );
    pipeline(source, req).catch(() => undefined);
  });
}

describe('streaming', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ config: { sizeLimit: 512 * MiB } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('uploads and downloads 256 MiB without memory growing with the file', async () => {
    const size = 256 * MiB;
    const expected = createHash('sha256');
    for (const chunk of pattern(size)) expected.update(chunk);
    const digest = expected.digest('hex');
    // A first, smaller round trip loads the modules and grows the pools that any request needs.
    const warm = await postMultipart(`${t.url}/v1/files`, () => pattern(16 * MiB));
    const warmId = (JSON.parse(warm.body) as { processedFiles: { id: string }[] }).processedFiles[0]!.id;
    for await (const _chunk of (await fetch(`${t.url}/v1/files/${warmId}`)).body as unknown as AsyncIterable<Uint8Array>);
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    try {
      const res = await postMultipart(`${t.url}/v1/files`, () => pattern(size));
      expect(res.status).toBe(201);
      const file = (JSON.parse(res.body) as { processedFiles: { id: string; size: number; etag: string }[] }).processedFiles[0]!;
      expect(file.size).toBe(size);
      expect(file.etag).toBe(`"${digest}"`);
      const download = await fetch(`${t.url}/v1/files/${file.id}`);
      const hash = createHash('sha256');
      for await (const chunk of download.body as unknown as AsyncIterable<Uint8Array>) hash.update(chunk);
      expect(hash.digest('hex')).toBe(digest);
    } finally {
      clearInterval(sampler);
    }
    // Client and server share this process: both stream, so neither holds the 256 MiB.
    const growth = (peak - baseline) / MiB;
    expect(growth, `RSS grew ${growth.toFixed(1)} MiB`).toBeLessThan(64);
  });

  it('frees the socket buffers of an upload as it streams, instead of letting 64 MiB of them pile up', async () => {
    // The client sends the same 1 MiB block again and again, so the fresh buffers are the server's reads.
    await postMultipart(`${t.url}/v1/files`, () => pattern(16 * MiB));
    const before = process.memoryUsage().arrayBuffers;
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().arrayBuffers - before)), 5);
    try {
      const res = await postMultipart(`${t.url}/v1/files`, () => pattern(256 * MiB));
      expect(res.status).toBe(201);
    } finally {
      clearInterval(sampler);
    }
    expect(peak / MiB, `Buffers alive peaked at ${(peak / MiB).toFixed(1)} MiB`).toBeLessThan(12);
  });

  it('stores nothing and keeps no record when the client disconnects mid-upload', async () => {
    const target = new URL(`${t.url}/v1/files`);
    await new Promise<void>((resolve) => {
      const req = request({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=b' } });
      req.on('error', () => resolve());
      req.write('--b\r\nContent-Disposition: form-data; name="file[]"; filename="cut.bin"\r\nContent-Type: application/octet-stream\r\n\r\n');
      req.write(Buffer.alloc(3 * MiB, 7));
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 200);
    });
    const admin = { 'x-hasura-admin-secret': ADMIN_SECRET };
    const { store } = t.server.handler.context;
    // The server notices the disconnect asynchronously: wait until the upload has been rolled back.
    for (let i = 0; i < 50 && (await store.listFiles()).some((f) => f.name === 'cut.bin'); i++) await new Promise((r) => setTimeout(r, 50));
    expect((await store.listFiles()).filter((f) => f.name === 'cut.bin')).toEqual([]);
    const orphans = await fetch(`${t.url}/v1/ops/list-orphans`, { method: 'POST', headers: admin });
    expect(((await orphans.json()) as { files: string[] }).files).toEqual([]);
    expect(t.server.handler.inFlight).toBe(0);
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  });
});

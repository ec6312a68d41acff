import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalProvider, createSignedRequestHandler, type LocalProvider } from '../src/index.js';
import { filesUnder, sha256, tempRoot } from './helpers.js';
import { startSignedServer, type SignedServer } from './signed-server.js';

let server: SignedServer;
let provider: LocalProvider;
let root: string;
let remove: () => Promise<void>;
const BYTES = Buffer.from('0123456789abcdefghij');

beforeAll(async () => {
  ({ root, remove } = await tempRoot());
  server = await startSignedServer();
  provider = await createLocalProvider({ root, signing: { secret: randomBytes(32).toString('hex'), baseUrl: `${server.origin}/signed` } });
  server.use(createSignedRequestHandler(provider));
  await provider.upload({ key: 'docs/page.html', body: BYTES, contentType: 'text/html', cacheControl: 'max-age=5', contentDisposition: 'inline' });
});
afterAll(async () => {
  await server.close();
  await remove();
});

describe('createSignedRequestHandler: reads', () => {
  it('serves the stored type, disposition, cache-control, etag and nosniff', async () => {
    const { url } = await provider.signedUrl('docs/page.html');
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(BYTES);
    expect(Object.fromEntries(['content-type', 'content-disposition', 'cache-control', 'etag', 'x-content-type-options', 'accept-ranges', 'content-length'].map((h) => [h, response.headers.get(h)]))).toEqual({
      'content-type': 'text/html',
      'content-disposition': 'inline',
      'cache-control': 'max-age=5',
      etag: `"${sha256(BYTES)}"`,
      'x-content-type-options': 'nosniff',
      'accept-ranges': 'bytes',
      'content-length': String(BYTES.length),
    });
  });

  it('answers Range requests with 206 and Content-Range, and unsatisfiable ones with 416', async () => {
    const { url } = await provider.signedUrl('docs/page.html');
    const partial = await fetch(url, { headers: { range: 'bytes=2-5' } });
    expect(partial.status).toBe(206);
    expect(partial.headers.get('content-range')).toBe(`bytes 2-5/${BYTES.length}`);
    expect(await partial.text()).toBe('2345');
    const suffix = await fetch(url, { headers: { range: 'bytes=-3' } });
    expect(await suffix.text()).toBe('hij');
    const unsatisfiable = await fetch(url, { headers: { range: 'bytes=100-' } });
    expect(unsatisfiable.status).toBe(416);
    expect(unsatisfiable.headers.get('content-range')).toBe(`bytes */${BYTES.length}`);
  });

  it('answers HEAD without a body, If-None-Match with 304, a missing object with 404, other methods with 405', async () => {
    const { url } = await provider.signedUrl('docs/page.html');
    const head = await fetch(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(BYTES.length));
    expect(await head.text()).toBe('');
    expect((await fetch(url, { headers: { 'if-none-match': `"${sha256(BYTES)}"` } })).status).toBe(304);
    expect((await fetch((await provider.signedUrl('missing.txt')).url)).status).toBe(404);
    expect((await fetch(url, { method: 'DELETE' })).status).toBe(405);
  });

  it('refuses a tampered URL with 403 and a JSON error', async () => {
    const { url } = await provider.signedUrl('docs/page.html', { contentDisposition: 'attachment' });
    const response = await fetch(url.replace('attachment', 'inline'));
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: 'ACCESS_DENIED' } });
  });
});

describe('createSignedRequestHandler: uploads', () => {
  it('stores a PUT with the signed type, whatever Content-Type the client sends', async () => {
    const upload = await provider.signedUpload('up/a.png', { maxSize: 1000, contentType: 'image/png' });
    expect(upload).toMatchObject({ method: 'PUT', headers: { 'content-type': 'image/png' }, fields: {}, enforcesMaxSize: true });
    const response = await fetch(upload.url, { method: 'PUT', headers: { 'content-type': 'text/html' }, body: Buffer.from('png bytes') });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ key: 'up/a.png', size: 9, sha256: sha256(Buffer.from('png bytes')) });
    expect(await provider.stat('up/a.png')).toMatchObject({ size: 9, contentType: 'image/png' });
  });

  it('refuses a declared Content-Length over the limit with 413 before reading', async () => {
    const upload = await provider.signedUpload('up/big.bin', { maxSize: 10 });
    const response = await fetch(upload.url, { method: 'PUT', body: Buffer.alloc(11) });
    expect(response.status).toBe(413);
    expect(await provider.exists('up/big.bin')).toBe(false);
  });

  it('refuses a chunked body that streams past the limit and leaves no temp file', async () => {
    const upload = await provider.signedUpload('up/chunked.bin', { maxSize: 100 * 1024 });
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 1024 * 1024) controller.close();
        else {
          sent += 16 * 1024;
          controller.enqueue(new Uint8Array(16 * 1024));
        }
      },
    });
    const status = await fetch(upload.url, { method: 'PUT', body, duplex: 'half' } as RequestInit).then(
      (response) => response.status,
      () => 'connection closed',
    );
    expect([413, 'connection closed']).toContain(status);
    expect(await provider.exists('up/chunked.bin')).toBe(false);
    expect((await filesUnder(root)).filter((path) => path.includes('.stowage-tmp-'))).toEqual([]);
  });

  it('refuses a PUT through a read URL, and a read through an upload URL', async () => {
    const read = await provider.signedUrl('up/x.bin');
    expect((await fetch(read.url, { method: 'PUT', body: Buffer.from('x') })).status).toBe(403);
    const upload = await provider.signedUpload('docs/page.html', { maxSize: 10 });
    expect((await fetch(upload.url)).status).toBe(403);
    expect(await provider.exists('up/x.bin')).toBe(false);
  });

  it('a client dropping the connection midway stores nothing and leaves no temp file', async () => {
    const upload = await provider.signedUpload('up/dropped.bin', { maxSize: 10 * 1024 * 1024 });
    const req = request(upload.url, { method: 'PUT', headers: { 'content-length': String(4 * 1024 * 1024) } });
    req.on('error', () => undefined);
    req.write(Buffer.alloc(512 * 1024));
    await sleep(100);
    req.destroy();
    for (let i = 0; i < 50 && (await filesUnder(root)).some((path) => path.includes('.stowage-tmp-')); i++) await sleep(20);
    expect((await filesUnder(root)).filter((path) => path.includes('.stowage-tmp-'))).toEqual([]);
    expect(await provider.exists('up/dropped.bin')).toBe(false);
  });
});

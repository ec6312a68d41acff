import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { photo } from './helpers/nhost-clauses-images.js';
import { file } from './helpers/nhost-suite-tools.js';
import { startTestServer, TEST_BUCKETS, type TestServer } from './helpers/test-server.js';

/** A PNG whose header declares `width`×`height` pixels, in a few bytes (a decompression bomb). */
function bombPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    return Buffer.concat([length, Buffer.from(type), data, Buffer.alloc(4)]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(1024))), chunk('IEND', Buffer.alloc(0))]);
}

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="32"><script>alert(1)</script><rect width="64" height="32" fill="red"/></svg>';

describe('image transforms on download', () => {
  let t: TestServer;
  const upload = async (data: Buffer | string, name: string, type: string, bucket = 'default') => {
    const up = await t.client.uploadFiles({ 'bucket-id': bucket, 'file[]': [file(typeof data === 'string' ? Buffer.from(data) : data, name, type)] });
    return up.body.processedFiles[0]!.id;
  };
  const get = (id: string, query: string, headers: Record<string, string> = {}) => fetch(`${t.url}/v1/files/${id}?${query}`, { headers });
  const decode = async (res: Response) => sharp(Buffer.from(await res.arrayBuffer())).metadata();

  beforeAll(async () => {
    t = await startTestServer({
      config: {
        buckets: { ...TEST_BUCKETS, vector: { images: { svg: true } }, plain: { images: { enabled: false } }, tiny: { images: { maxInputPixels: 10_000 } } },
        images: { concurrency: 1, queueLimit: 0 },
      },
    });
  });
  afterAll(async () => t.close());

  it('picks the format from Accept for f=auto (AVIF, then WebP, then the original\'s) and says Vary: Accept', async () => {
    const id = await upload(await photo(), 'auto.jpg', 'image/jpeg');
    const avif = await get(id, 'w=64&f=auto', { accept: 'image/avif,image/webp,*/*' });
    expect([avif.headers.get('content-type'), avif.headers.get('vary')]).toEqual(['image/avif', 'Accept']);
    expect((await decode(avif)).format).toBe('heif');
    const webp = await get(id, 'w=64&f=auto', { accept: 'image/webp,image/avif;q=0' });
    expect(webp.headers.get('content-type')).toBe('image/webp');
    const same = await get(id, 'w=64&f=auto', { accept: '*/*' });
    expect([same.headers.get('content-type'), (await decode(same)).width]).toEqual(['image/jpeg', 64]);
  });

  it('answers conditional requests, ranges and HEAD on a variant as on an original', async () => {
    const id = await upload(await photo(), 'cond.jpg', 'image/jpeg');
    const full = await get(id, 'w=200&f=png');
    const bytes = Buffer.from(await full.arrayBuffer());
    const etag = full.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect((await get(id, 'w=200&f=png', { 'if-none-match': etag })).status).toBe(304);
    expect((await get(id, 'w=200&f=png', { 'if-modified-since': new Date(Date.now() + 60_000).toUTCString() })).status).toBe(304);
    const part = await get(id, 'w=200&f=png', { range: 'bytes=10-99' });
    expect([part.status, part.headers.get('content-range')]).toEqual([206, `bytes 10-99/${bytes.length}`]);
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(10, 100))).toBe(true);
    const head = await fetch(`${t.url}/v1/files/${id}?w=200&f=png`, { method: 'HEAD' });
    expect([head.headers.get('content-length'), head.headers.get('etag')]).toEqual([String(bytes.length), etag]);
  });

  it('refuses invalid parameters with 400 naming the parameter, and a transform of a non-image', async () => {
    const id = await upload(await photo(), 'bad.jpg', 'image/jpeg');
    for (const [query, name] of [['w=abc', 'w'], ['w=99999', 'w'], ['h=-1', 'h'], ['q=0', 'q'], ['q=101', 'q'], ['b=0.1', 'b'], ['f=gif', 'f'], ['w=10&w=20', 'w']] as const) {
      const res = await get(id, query);
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message, query).toMatch(new RegExp(`^Invalid ${name}\\b`));
    }
    const text = await upload('hello', 'note.txt', 'text/plain');
    const res = await get(text, 'w=10');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/text\/plain; transforms apply to/);
  });

  it('refuses hostile images with the right status and serves the original untouched', async () => {
    const good = await photo();
    const truncated = await upload(good.subarray(0, Math.floor(good.length / 2)), 'cut.jpg', 'image/jpeg');
    expect((await get(truncated, 'w=50')).status).toBe(415);
    const polyglot = await upload(Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from('<script>alert(1)</script>')]), 'poly.png', 'image/png');
    expect((await get(polyglot, 'w=50')).status).toBe(415);
    const bomb = await upload(bombPng(50_000, 50_000), 'bomb.png', 'image/png');
    const refused = await get(bomb, 'w=50');
    expect(refused.status).toBe(413);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/50000×50000 pixels, more than this bucket's images.maxInputPixels/);
    const svg = await upload(SVG, 'x.svg', 'image/svg+xml');
    expect((await get(svg, 'w=50')).status).toBe(415);
    const original = await get(truncated, '');
    expect(Buffer.from(await original.arrayBuffer()).equals(good.subarray(0, Math.floor(good.length / 2)))).toBe(true);
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  });

  it('follows the bucket rules: SVG rasterized only where opted in, transforms off, a lower pixel limit', async () => {
    const svg = await upload(SVG, 'ok.svg', 'image/svg+xml', 'vector');
    const raster = await get(svg, 'w=32');
    expect([raster.status, raster.headers.get('content-type')]).toEqual([200, 'image/png']);
    expect((await decode(raster)).width).toBe(32);
    expect((await get(await upload(await photo(), 'p.jpg', 'image/jpeg', 'plain'), 'w=10')).status).toBe(403);
    expect((await get(await upload(await photo(), 'p.jpg', 'image/jpeg', 'tiny'), 'w=10')).status).toBe(413);
  });

  it('queues transforms past the concurrency cap and answers 503 with Retry-After when the line is full', async () => {
    const id = await upload(await photo(3000, 3000), 'big.jpg', 'image/jpeg');
    const first = get(id, 'w=2500&f=webp');
    const queue = () => t.server.handler.context.images.load;
    while (queue().running === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const busy = await get(id, 'w=700&f=webp');
    expect([busy.status, busy.headers.get('retry-after')]).toEqual([503, '1']);
    expect((await first).status).toBe(200);
  });

  it('signs transform parameters into presigned links: a changed w is refused', async () => {
    const id = await upload(await photo(), 'link.jpg', 'image/jpeg');
    const { url } = (await (await fetch(`${t.url}/v1/files/${id}/presignedurl?w=120&f=webp`)).json()) as { url: string };
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect([(await decode(res)).width, res.headers.get('content-type')]).toEqual([120, 'image/webp']);
    expect((await fetch(url.replace('w=120', 'w=121'))).status).toBe(403);
    expect((await fetch(url.replace('w=120&', ''))).status).toBe(403);
  });

  it('keeps variants through a replace only for the new bytes, and out of the orphan sweep', async () => {
    const id = await upload(await photo(), 'r.jpg', 'image/jpeg');
    const before = await get(id, 'w=80');
    await t.client.replaceFile(id, { file: file(await photo(320, 320), 'r.jpg', 'image/jpeg') });
    const after = await get(id, 'w=80');
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
    expect((await decode(after)).height).toBe(80);
    const orphans = (await (await fetch(`${t.url}/v1/ops/list-orphans`, { method: 'POST', headers: { 'x-stowage-admin-secret': 'test-admin-secret-0123456789' } })).json()) as { files: string[] };
    expect(orphans.files.filter((key) => key.includes('.v-'))).toEqual([]);
  });
});

import sharp from 'sharp';
import { expect, it } from 'vitest';
import { file, type SuiteContext } from './nhost-suite-tools.js';

/** A 640×480 JPEG with detail enough that quality changes its size. */
export async function photo(width = 640, height = 480): Promise<Buffer> {
  const noise = Buffer.alloc(width * height * 3);
  for (let i = 0; i < noise.length; i += 1) noise[i] = (i * 7919 + (i >> 9) * 104729) % 251;
  return sharp(noise, { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
}

/** `getFile(id, { w, h, q, b, f })`: transformed images, decoded to check them. */
export function imageClauses(s: SuiteContext): void {
  it('transforms images on download as the Nhost client asks (w, h, q, b, f), and keeps the variant', async () => {
    const up = await s.t.client.uploadFiles({ 'bucket-id': 'default', 'file[]': [file(await photo(), 'photo.jpg', 'image/jpeg')] });
    const f = up.body.processedFiles[0]!;
    const small = await s.t.client.getFile(f.id, { w: 320, f: 'webp' });
    expect(small.status).toBe(200);
    expect(small.headers.get('content-type')).toBe('image/webp');
    const decoded = await sharp(Buffer.from(await small.body.arrayBuffer())).metadata();
    expect([decoded.format, decoded.width, decoded.height]).toEqual(['webp', 320, 240]);
    expect(small.headers.get('etag')).not.toBe(f.etag);
    expect(small.headers.get('content-disposition')).toContain('filename="photo.webp"');
    const boxed = await s.t.client.getFile(f.id, { w: 400, h: 100, q: 40, b: 2 });
    const box = await sharp(Buffer.from(await boxed.body.arrayBuffer())).metadata();
    expect([box.format, box.width, box.height]).toEqual(['jpeg', 133, 100]);
    const again = await s.t.client.getFile(f.id, { w: 320, f: 'webp' });
    expect(again.headers.get('etag')).toBe(small.headers.get('etag'));
    expect(Buffer.from(await again.body.arrayBuffer()).equals(Buffer.from(await small.body.arrayBuffer()))).toBe(true);
    const { images } = s.t.server.handler.context;
    expect(images.counts.reused).toBeGreaterThanOrEqual(1);
  });

  it('removes a file\'s variants with it', async () => {
    const up = await s.t.client.uploadFiles({ 'bucket-id': 'default', 'file[]': [file(await photo(), 'gone.jpg', 'image/jpeg')] });
    const f = up.body.processedFiles[0]!;
    await s.t.client.getFile(f.id, { w: 100 });
    const key = await s.storageKey(f.id);
    const variants = await s.t.server.handler.context.store.db.selectFrom('stowage_image_variants').select('storage_key').where('source_key', '=', key!).execute();
    expect(variants).toHaveLength(1);
    expect(await s.exists(variants[0]!.storage_key)).toBe(true);
    await s.t.client.deleteFile(f.id);
    expect(await s.exists(variants[0]!.storage_key)).toBe(false);
    expect(await s.t.server.handler.context.store.db.selectFrom('stowage_image_variants').select('storage_key').where('source_key', '=', key!).execute()).toEqual([]);
  });
}

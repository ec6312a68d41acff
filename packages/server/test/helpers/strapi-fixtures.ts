import sharp from 'sharp';
import type { StowageConfigInput } from '../../src/config/schema.js';
import type { DatabaseConfig } from '../../src/store/create-store.js';
import { startTestServer, type TestServer } from './test-server.js';

/** A JPEG of `width`×`height` with some texture (so sizes differ between formats). */
export async function jpeg(width: number, height: number): Promise<Buffer<ArrayBuffer>> {
  const noise = Buffer.alloc(64 * 64 * 3);
  for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919) % 251;
  const tile = await sharp(noise, { raw: { width: 64, height: 64, channels: 3 } }).png().toBuffer();
  const out = await sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 40 } } })
    .composite([{ input: tile, tile: true }])
    .jpeg({ quality: 90 })
    .toBuffer();
  return Buffer.from(out);
}

/** The Strapi file object's fields every answer carries. */
export const STRAPI_FIELDS = ['id', 'documentId', 'name', 'alternativeText', 'caption', 'width', 'height', 'formats', 'hash', 'ext', 'mime', 'size', 'url', 'previewUrl', 'provider', 'provider_metadata', 'folderPath', 'createdAt', 'updatedAt'];

/** A test server on `database` with the `/upload` API's link fields declared. */
export async function startStrapiServer(database: DatabaseConfig, extra: Partial<StowageConfigInput> = {}): Promise<TestServer> {
  return startTestServer({
    config: {
      database,
      sizeLimit: 64 * 1024 * 1024,
      strapi: { fields: { 'user.avatar': 'single', 'api::product.product.pictures': 'multiple' } },
      ...extra,
    },
  });
}

/** `POST` a multipart form built by `build`, answering status and JSON. */
export async function postForm(url: string, build: (form: FormData) => void): Promise<{ status: number; body: any }> {
  const form = new FormData();
  build(form);
  const res = await fetch(url, { method: 'POST', body: form });
  return { status: res.status, body: await res.json() };
}

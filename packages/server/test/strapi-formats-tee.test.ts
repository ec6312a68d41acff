import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Provider } from '@stowage/core';
import { createLocalProvider } from '@stowage/provider-upload-local';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jpeg, postForm } from './helpers/strapi-fixtures.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

// Strapi's formats are made from a copy written while the upload streams to the provider: the stored
// original is never downloaded again. The provider is the real local one; the proxy only counts reads.
describe('Strapi formats from the bytes as they stream in', () => {
  let t: TestServer;
  let root: string;
  const reads: string[] = [];
  let photo: Buffer<ArrayBuffer>;

  beforeAll(async () => {
    photo = await jpeg(1200, 800);
    root = await mkdtemp(join(tmpdir(), 'stowage-tee-'));
    const local = await createLocalProvider({ root, fsync: false });
    const counting = new Proxy(local, {
      get(target, property, receiver) {
        if (property !== 'read') return Reflect.get(target, property, receiver);
        return (key: string, options?: object) => {
          reads.push(key);
          return target.read(key, options);
        };
      },
    }) as Provider;
    t = await startTestServer({ provider: counting, config: { sizeLimit: 64 * 1024 * 1024 } });
  });
  afterAll(async () => {
    await t.close();
    await rm(root, { recursive: true, force: true });
  });

  it('makes every format without reading the original back, and the formats decode at their sizes', async () => {
    const { status, body } = await postForm(`${t.url}/upload`, (form) => {
      form.append('files', new Blob([photo], { type: 'image/jpeg' }), 'tee.jpg');
      form.append('files', new Blob(['not an image']), 'plain.txt');
    });
    expect(status).toBe(201);
    expect(reads).toEqual([]);
    expect(Object.keys(body[0].formats).sort()).toEqual(['large', 'medium', 'small', 'thumbnail']);
    const small = await fetch(new URL(body[0].formats.small.url, t.url));
    const meta = await sharp(Buffer.from(await small.arrayBuffer())).metadata();
    expect([meta.width, meta.height]).toEqual([500, 333]);
    expect(body[1].formats).toBeNull();
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import localProvider from '@stowage/provider-upload-local';
import type { Provider } from '@stowage/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../src/server.js';
import { declare } from './helpers/direct-client.js';

/** What `POST /v1/files/direct` refuses before anything is signed or recorded. */
describe('direct upload declarations', () => {
  let dir: string;
  let server: RunningServer;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stowage-direct-declare-'));
    server = await startServer({
      config: {
        providerOptions: { root: join(dir, 'uploads') },
        database: { client: 'sqlite', filename: ':memory:' },
        buckets: { images: { allowedMimeTypes: ['image/*'], maxUploadFileSize: 5000 }, small: { minUploadFileSize: 10 } },
        sizeLimit: 100_000,
        logLevel: 'silent',
      },
      host: '127.0.0.1',
      port: 0,
    });
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const refused = async (body: Record<string, unknown>, status: number, message: string | RegExp) => {
    const res = await declare(server.url, body);
    const json = (await res.json()) as { error: { message: string } };
    expect(res.status, json.error.message).toBe(status);
    expect(json.error.message).toMatch(message);
    expect(res.headers.get('x-error')).toBe(json.error.message);
  };
  const file = { name: 'a.png', size: 100, mimeType: 'image/png' };

  it('checks size against the bucket and the server, naming the field', async () => {
    await refused({ ...file, bucketId: 'images', size: 5001 }, 413, 'Invalid size: the file must be at most 5000 bytes in bucket "images"');
    await refused({ ...file, size: 100_001 }, 413, 'Invalid size: the file must be at most 100000 bytes in bucket "default"');
    await refused({ ...file, bucketId: 'small', size: 9 }, 400, 'Invalid size: the file must be at least 10 bytes in bucket "small"');
    await refused({ ...file, size: -1 }, 400, /^Invalid size: expected the exact size/);
  });

  it('checks the bucket, its MIME types, the name, the id and the body', async () => {
    await refused({ ...file, bucketId: 'nope' }, 400, 'Invalid bucketId: bucket "nope" does not exist');
    await refused({ ...file, bucketId: 'images', mimeType: 'text/plain' }, 415, /^Invalid mimeType: MIME type "text\/plain" is not allowed in bucket "images"/);
    await refused({ ...file, name: '../etc/passwd' }, 400, /^Invalid name/);
    await refused({ ...file, id: 'has a space' }, 400, /^Invalid id/);
    await refused({ ...file, extra: 1 }, 400, /unknown properties extra/);
    const notJson = await fetch(`${server.url}/v1/files/direct`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
    expect(notJson.status).toBe(415);
    const taken = await declare(server.url, { ...file, id: 'taken-id' });
    expect(taken.status).toBe(201);
    expect((await declare(server.url, { ...file, id: 'taken-id' })).status).toBe(409);
  });

  it('answers 404 and 400 for completing unknown or malformed ids', async () => {
    expect((await fetch(`${server.url}/v1/files/never-declared/complete`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${server.url}/v1/files/${'x'.repeat(200)}/complete`, { method: 'POST' })).status).toBe(400);
  });

  it('answers 501 for a provider that cannot sign uploads, recording nothing', async () => {
    const local = await localProvider.init({ root: join(dir, 'unsigned') });
    const capabilities = new Set([...local.capabilities].filter((c) => c !== 'signedUpload'));
    const unsigned = Object.assign(Object.create(Object.getPrototypeOf(local) as object) as Provider, local, { name: 'no-signing', capabilities });
    const other = await startServer({ provider: unsigned, config: { database: { client: 'sqlite', filename: ':memory:' }, logLevel: 'silent' }, host: '127.0.0.1', port: 0 });
    try {
      const res = await declare(other.url, { ...file, id: 'unsigned-1' });
      expect(res.status).toBe(501);
      expect(((await res.json()) as { error: { message: string } }).error.message).toBe('Direct uploads are not available in bucket "default": its provider "no-signing" cannot sign uploads (no signedUpload); upload through POST /v1/files instead');
      expect(await other.handler.context.store.getFile('unsigned-1')).toBeUndefined();
    } finally {
      await other.close();
    }
  });
});

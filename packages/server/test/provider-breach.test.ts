import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Provider, UploadInput } from '@stowage/core';
import { createLocalProvider } from '@stowage/provider-upload-local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_SECRET, startTestServer, type TestServer } from './helpers/test-server.js';

// The server takes the entity tag from the SHA-256 the provider reports instead of hashing every byte a
// second time. A provider outside the contract (it would fail the kit) must not leave a broken file behind.
describe('a provider that reports no SHA-256', () => {
  let t: TestServer;
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'stowage-breach-'));
    const local = await createLocalProvider({ root, fsync: false });
    const breaching = new Proxy(local, {
      get(target, property, receiver) {
        if (property !== 'upload') return Reflect.get(target, property, receiver);
        return async (input: UploadInput) => {
          const { sha256: _dropped, ...result } = await target.upload(input);
          return result;
        };
      },
    }) as Provider;
    t = await startTestServer({ provider: breaching });
  });
  afterAll(async () => {
    await t.close();
    await rm(root, { recursive: true, force: true });
  });

  it('fails the upload with 500 naming the contract, and keeps neither the bytes nor a record', async () => {
    const form = new FormData();
    form.append('file[]', new Blob(['some bytes']), 'a.txt');
    const response = await fetch(`${t.url}/v1/files`, { method: 'POST', body: form, headers: { 'x-hasura-admin-secret': ADMIN_SECRET } });
    expect(response.status).toBe(500);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/no SHA-256/);
    expect(body.error.message).toMatch(/contract/);
    expect(await t.server.handler.context.store.listFiles()).toEqual([]);
    const stored = await readdir(join(root, 'default')).catch(() => []);
    expect(stored).toEqual([]);
  });
});

// A provider that copies the meter's fields one by one, from before minSize and onChunk: the bucket's
// minimum would go unchecked and the size unknown, so the server drops what it stored.
describe('a provider that ignores minSize and onChunk', () => {
  let t: TestServer;
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'stowage-breach-'));
    const local = await createLocalProvider({ root, fsync: false });
    const outdated = new Proxy(local, {
      get(target, property, receiver) {
        if (property !== 'upload') return Reflect.get(target, property, receiver);
        return ({ minSize: _min, onChunk: _onChunk, ...input }: UploadInput) => target.upload(input);
      },
    }) as Provider;
    t = await startTestServer({ provider: outdated });
  });
  afterAll(async () => {
    await t.close();
    await rm(root, { recursive: true, force: true });
  });

  it('fails the upload with 500 naming the contract, and keeps neither the bytes nor a record', async () => {
    const form = new FormData();
    form.append('file[]', new Blob(['some bytes']), 'a.txt');
    const response = await fetch(`${t.url}/v1/files`, { method: 'POST', body: form, headers: { 'x-hasura-admin-secret': ADMIN_SECRET } });
    expect(response.status).toBe(500);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/onChunk/);
    expect(body.error.message).toMatch(/contract/);
    expect(await t.server.handler.context.store.listFiles()).toEqual([]);
    const stored = await readdir(join(root, 'default')).catch(() => []);
    expect(stored).toEqual([]);
  });
});

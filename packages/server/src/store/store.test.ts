import { isStowageError } from '@stowage/core';
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/helpers/databases.js';
import { createStore } from './create-store.js';
import type { FileStore } from './file-store.js';
import type { BucketSettings } from './records.js';

const bucket: BucketSettings = {
  id: 'default',
  minUploadFileSize: 1,
  maxUploadFileSize: 0,
  presignedUrlsEnabled: true,
  downloadExpiration: 30,
  cacheControl: 'max-age=3600',
  allowedMimeTypes: null,
};

describe.each(DIALECTS)('file store on $name', ({ fresh }) => {
  const open: FileStore[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  async function store(): Promise<FileStore> {
    const s = createStore(await fresh());
    open.push(s);
    await s.migrate();
    return s;
  }

  it('migrates idempotently, also from two instances at once', async () => {
    const config = await fresh();
    const a = createStore(config);
    const b = createStore(config);
    open.push(a, b);
    if (config.client === 'postgres') await Promise.all([a.migrate(), b.migrate()]);
    else await a.migrate();
    await a.migrate();
    await a.ping();
    expect(await a.listBuckets()).toEqual([]);
  });

  it('creates and updates buckets with their settings', async () => {
    const s = await store();
    const created = await s.upsertBucket({ ...bucket, allowedMimeTypes: ['image/*', 'text/plain'] });
    expect(created).toMatchObject({ ...bucket, allowedMimeTypes: ['image/*', 'text/plain'] });
    const updated = await s.upsertBucket({ ...bucket, maxUploadFileSize: 1024, presignedUrlsEnabled: false, cacheControl: null });
    expect(updated).toMatchObject({ maxUploadFileSize: 1024, presignedUrlsEnabled: false, cacheControl: null, allowedMimeTypes: null });
    expect(updated.createdAt).toBe(created.createdAt);
    expect((await s.listBuckets()).map((b) => b.id)).toEqual(['default']);
    expect(await s.getBucket('missing')).toBeUndefined();
  });

  it('runs the two phases of an upload and keeps JSON metadata', async () => {
    const s = await store();
    await s.upsertBucket(bucket);
    const pending = await s.insertFile({ id: 'f1', bucketId: 'default', name: 'a b.txt', mimeType: 'text/plain', storageKey: 'default/f1/v1', uploadedByUserId: null, metadata: { alt: 'x', n: 1 } });
    expect(pending).toMatchObject({ id: 'f1', isUploaded: false, size: 0, metadata: { alt: 'x', n: 1 }, version: 1 });
    const done = await s.updateFile('f1', { isUploaded: true, size: 5_000_000_000, etag: '"abc"' }, pending.version);
    expect(done).toMatchObject({ isUploaded: true, size: 5_000_000_000, etag: '"abc"', version: 2 });
    expect(await s.getFile('f1')).toEqual(done);
  });

  it('refuses a duplicate id and an unknown bucket', async () => {
    const s = await store();
    await s.upsertBucket(bucket);
    const file = { id: 'dup', bucketId: 'default', name: 'x', mimeType: 'text/plain', storageKey: 'k1', uploadedByUserId: null, metadata: null };
    await s.insertFile(file);
    const duplicate = await s.insertFile({ ...file, storageKey: 'k2' }).catch((e: unknown) => e);
    expect(isStowageError(duplicate, 'ALREADY_EXISTS')).toBe(true);
    const noBucket = await s.insertFile({ ...file, id: 'other', bucketId: 'nope', storageKey: 'k3' }).catch((e: unknown) => e);
    expect(isStowageError(noBucket, 'NOT_FOUND')).toBe(true);
    expect((noBucket as Error).message).toContain('bucket-id');
  });

  it('compare-and-set: a stale version changes nothing', async () => {
    const s = await store();
    await s.upsertBucket(bucket);
    const rec = await s.insertFile({ id: 'c', bucketId: 'default', name: 'x', mimeType: 'a/b', storageKey: 'k', uploadedByUserId: null, metadata: null });
    expect(await s.updateFile('c', { name: 'y' }, rec.version)).toMatchObject({ name: 'y', version: 2 });
    expect(await s.updateFile('c', { name: 'z' }, rec.version)).toBeUndefined();
    expect(await s.deleteFile('c', rec.version)).toBe(false);
    expect(await s.deleteFile('c', 2)).toBe(true);
    expect(await s.deleteFile('c')).toBe(false);
    expect(await s.updateFile('c', { name: 'z' })).toBeUndefined();
  });

  it('lists records page by page with filters, and finds storage keys in use', async () => {
    const s = await store();
    await s.upsertBucket(bucket);
    for (let i = 0; i < 7; i++) {
      await s.insertFile({ id: `id${i}`, bucketId: 'default', name: `n${i}`, mimeType: 'a/b', storageKey: `key${i}`, uploadedByUserId: null, metadata: null });
      if (i % 2 === 0) await s.updateFile(`id${i}`, { isUploaded: true });
    }
    const first = await s.listFiles({ limit: 3 });
    expect(first.map((f) => f.id)).toEqual(['id0', 'id1', 'id2']);
    const second = await s.listFiles({ limit: 3, afterId: 'id2' });
    expect(second.map((f) => f.id)).toEqual(['id3', 'id4', 'id5']);
    expect((await s.listFiles({ isUploaded: false })).map((f) => f.id)).toEqual(['id1', 'id3', 'id5']);
    expect(await s.listFiles({ createdBefore: '2000-01-01T00:00:00.000Z' })).toEqual([]);
    const keys = Array.from({ length: 1200 }, (_, i) => `key${i}`);
    expect([...(await s.storageKeysInUse(keys))].sort()).toEqual(['key0', 'key1', 'key2', 'key3', 'key4', 'key5', 'key6']);
  });
});

import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { S3Provider } from '../src/index.js';
import { createBucket, openMultipartUploads, providerFor, sdkClient } from './helpers.js';

const MiB = 1024 * 1024;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
/** A handle as a database gives it back. */
const stored = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe.each(['ceph', 'swift'] as const)('resumable uploads keep their pieces as hidden objects (%s)', (name) => {
  const server = inject(name);
  let bucket: string;
  let sdk: S3Client;
  const providers: S3Provider[] = [];
  /** A fresh provider instance, as after a restart: nothing is shared but the bucket. */
  const fresh = async (rootPath?: string) => {
    const provider = await providerFor(server, bucket, rootPath === undefined ? {} : { rootPath });
    providers.push(provider);
    return provider;
  };
  const hidden = async (prefix = '.stowage-resumable/') => {
    const out = await sdk.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
    return (out.Contents ?? []).map((o) => o.Key);
  };

  beforeAll(async () => {
    bucket = await createBucket(server, 'resumable');
    sdk = sdkClient(server);
  });
  afterAll(async () => {
    await Promise.all(providers.map((p) => p.close()));
    sdk.destroy();
  });

  it('survives restarts: created, appended and completed by three provider instances; the pieces are gone after', async () => {
    const bytes = randomBytes(9 * MiB + 12_345);
    let handle = stored(await (await fresh()).createResumable('restart.bin', { contentType: 'text/x-restart', metadata: { origin: 'restart' } }));
    handle = stored(await (await fresh()).appendResumable(handle, bytes.subarray(0, 3 * MiB)));
    // The 3 MiB are one piece under 5 MiB: the next instance reads it back and goes on from it.
    expect(await hidden()).toHaveLength(2);
    handle = stored(await (await fresh()).appendResumable(handle, Readable.from([bytes.subarray(3 * MiB)])));
    expect(handle.offset).toBe(bytes.length);
    const result = await (await fresh()).completeResumable(handle);
    expect(result).toMatchObject({ key: 'restart.bin', size: bytes.length, sha256: sha256(bytes), contentType: 'text/x-restart' });
    const reader = await fresh();
    const read = Buffer.concat(await (await reader.read('restart.bin')).body.toArray());
    expect(sha256(read)).toBe(sha256(bytes));
    expect((await reader.stat('restart.bin')).metadata).toEqual({ origin: 'restart' });
    expect(await hidden()).toEqual([]);
    expect(await openMultipartUploads(sdk, bucket)).toEqual([]);
  });

  it('removes every piece on abort, those of a failed append too, and leaves no multipart upload', async () => {
    const provider = await fresh();
    const first = stored(await provider.appendResumable(await provider.createResumable('aborted.bin'), randomBytes(6 * MiB + 10)));
    const failing = Readable.from(
      (async function* () {
        yield randomBytes(7 * MiB);
        throw new Error('the client went away');
      })(),
    );
    await expect(provider.appendResumable(first, failing)).rejects.toMatchObject({ code: 'ABORTED' });
    expect((await hidden()).length).toBeGreaterThan(1);
    await provider.abortResumable(first);
    expect(await hidden()).toEqual([]);
    expect(await openMultipartUploads(sdk, bucket)).toEqual([]);
    await expect(provider.exists('aborted.bin')).resolves.toBe(false);
  });

  it('removes the pieces of a failed append on complete, storing only what the handle names', async () => {
    const provider = await fresh();
    const a = randomBytes(5 * MiB + 1);
    const first = stored(await provider.appendResumable(await provider.createResumable('orphans.bin'), a));
    await expect(provider.appendResumable(first, Readable.from((async function* () { yield randomBytes(11 * MiB); throw new Error('cut'); })()))).rejects.toMatchObject({ code: 'ABORTED' });
    const result = await provider.completeResumable(first);
    expect(result.sha256).toBe(sha256(a));
    expect(await hidden()).toEqual([]);
  });

  it('hides the pieces from list and listPage, and refuses keys in their folder', async () => {
    const provider = await fresh('root');
    await provider.upload({ key: 'visible.txt', body: Buffer.from('visible') });
    const handle = stored(await provider.appendResumable(await provider.createResumable('pending.bin'), randomBytes(1000)));
    expect(await hidden('root/.stowage-resumable/')).toHaveLength(2);
    const keys: string[] = [];
    for await (const item of provider.list()) keys.push(item.key);
    expect(keys).toEqual(['visible.txt']);
    expect((await provider.listPage({ prefix: '.stowage-resumable' })).items).toEqual([]);
    await expect(provider.upload({ key: '.stowage-resumable/x', body: Buffer.from('x') })).rejects.toMatchObject({ code: 'INVALID_KEY' });
    await expect(provider.read('.stowage-resumable/x')).rejects.toMatchObject({ code: 'INVALID_KEY' });
    await expect(provider.createResumable('.stowage-resumable')).rejects.toMatchObject({ code: 'INVALID_KEY' });
    await provider.abortResumable(handle);
    expect(await hidden('root/')).toEqual(['root/visible.txt']);
  });

  it('refuses a handle whose piece names point elsewhere, and one for another key', async () => {
    const provider = await fresh();
    const handle = stored(await provider.appendResumable(await provider.createResumable('guarded.bin'), randomBytes(10)));
    const pieces = handle.state.pieces as { name: string; size: number }[];
    await expect(provider.completeResumable({ ...handle, state: { ...handle.state, pieces: [{ ...pieces[0], name: '../../other' }] } })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(provider.completeResumable({ ...handle, key: 'other.bin' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await provider.abortResumable(handle);
  });
});

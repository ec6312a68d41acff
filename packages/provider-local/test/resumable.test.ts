import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Volume } from 'memfs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAll } from '@stowage/core';
import { createLocalProvider, type LocalProvider } from '../src/index.js';
import { filesUnder, streamOf, tempRoot } from './helpers.js';

const MIB = 1024 * 1024;
let root: string;
let remove: () => Promise<void>;
let provider: LocalProvider;

beforeEach(async () => {
  ({ root, remove } = await tempRoot());
  provider = await createLocalProvider({ root });
});
afterEach(async () => {
  await provider.close();
  await remove();
});

describe('resumable uploads on local disk', () => {
  it('resume in a new provider instance (a restart) from the JSON handle, and complete by renaming the bytes into place', async () => {
    const first = await provider.appendResumable(await provider.createResumable('a/b.bin', { contentType: 'video/mp4' }), streamOf(3 * MIB, { fill: 1 }));
    await provider.close();
    provider = await createLocalProvider({ root });
    const handle = JSON.parse(JSON.stringify(first)) as typeof first;
    const second = await provider.appendResumable(handle, streamOf(MIB + 5, { fill: 2 }));
    const part = join(root, '.stowage', 'resumable', `${String(second.state.id)}.part`);
    const { ino } = await stat(part);
    const result = await provider.completeResumable(second);
    const expected = createHash('sha256').update(Buffer.alloc(3 * MIB, 1)).update(Buffer.alloc(MIB + 5, 2)).digest('hex');
    expect(result).toMatchObject({ key: 'a/b.bin', size: 4 * MIB + 5, sha256: expected, contentType: 'video/mp4' });
    // The object is the very file the appends wrote: nothing was copied.
    expect((await stat(join(root, 'a', 'b.bin'))).ino).toBe(ino);
    expect(await provider.stat('a/b.bin')).toMatchObject({ size: 4 * MIB + 5, sha256: expected, contentType: 'video/mp4' });
  });

  it('leave nothing under .stowage/resumable after completion or abort, and never show in listings', async () => {
    const done = await provider.appendResumable(await provider.createResumable('done.bin'), Buffer.from('done'));
    const open = await provider.appendResumable(await provider.createResumable('open.bin'), Buffer.from('open'));
    expect((await filesUnder(root)).filter((f) => f.startsWith('.stowage/resumable/'))).toHaveLength(4);
    const listed: string[] = [];
    for await (const item of listAll((o) => provider.listPage(o))) listed.push(item.key);
    expect(listed).toEqual([]);
    await provider.completeResumable(done);
    await provider.abortResumable(open);
    expect(await filesUnder(root)).toEqual(['.stowage/meta/done.bin', 'done.bin']);
  });

  it('refuse a handle whose key is not the upload\'s (a handle edited to write elsewhere)', async () => {
    const handle = await provider.createResumable('mine.bin');
    await expect(provider.appendResumable({ ...handle, key: 'theirs.bin' }, Buffer.from('x'))).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/another key/) });
  });

  it('are not declared over an injected fs without ftruncate', async () => {
    const fs = Volume.fromJSON({ '/r/.keep': '' }) as unknown as Record<string, unknown>;
    const withoutTruncate = new Proxy(fs, { get: (target, name) => (name === 'ftruncate' ? undefined : Reflect.get(target, name)) });
    const limited = await createLocalProvider({ root: '/r', fs: withoutTruncate as never });
    expect(limited.capabilities.has('resumable')).toBe(false);
    expect(provider.capabilities.has('resumable')).toBe(true);
  });
});

import { createHash, randomBytes } from 'node:crypto';
import { isStowageError, type Provider, type ResumableHandle, type UploadResult } from '@stowage/core';
import { measureUploadMemory } from '@stowage/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { GcsProvider } from '../src/provider.js';
import { composeLayer } from './compose-layer.js';
import { emulatorProvider } from './emulator.js';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
/** A handle as a database hands it back. */
const stored = (handle: ResumableHandle): ResumableHandle => JSON.parse(JSON.stringify(handle)) as ResumableHandle;
const code = (expected: string) => (error: unknown) => isStowageError(error) && error.code === expected;

async function readAll(provider: GcsProvider, key: string): Promise<Buffer> {
  const { body } = await provider.read(key);
  const parts: Buffer[] = [];
  for await (const part of body) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

// The capability's GCS specifics, on the emulator with compose-layer.ts in front (the emulator has no
// objects.compose): restarts between calls, more parts than one compose takes, and the hidden objects.
describe('resumable uploads as hidden part objects composed on completion (emulator + compose layer)', () => {
  let layer: Awaited<ReturnType<typeof composeLayer>>;
  const prefix = `resumable-cap-${randomBytes(4).toString('hex')}`;
  const fresh = () => emulatorProvider({ prefix, apiEndpoint: layer.endpoint });
  let provider: GcsProvider;
  const hidden = async (): Promise<string[]> => {
    const [files] = await provider.storage.bucket(provider.bucketName).getFiles({ prefix: `${prefix}/.stowage-resumable/` });
    return files.map((file) => file.name);
  };

  beforeAll(async () => {
    layer = await composeLayer(inject('gcsEndpoint'));
    provider = await fresh();
  });
  afterAll(async () => {
    await layer.close();
  });

  it('a handle created by one instance is appended to and completed by fresh ones (a restart between each call)', async () => {
    const a = randomBytes(300_000);
    const b = randomBytes(123_457);
    const first = await fresh();
    let handle = stored(await first.createResumable('restart.bin', { contentType: 'text/x-restart', cacheControl: 'max-age=60', contentDisposition: 'attachment; filename="r.bin"', metadata: { origin: 'restart' } }));
    await first.close();
    for (const piece of [a, b]) {
      const instance = await fresh();
      handle = stored(await instance.appendResumable(handle, piece));
      await instance.close();
    }
    const last = await fresh();
    const result = await last.completeResumable(handle);
    const all = Buffer.concat([a, b]);
    expect(result).toMatchObject({ key: 'restart.bin', size: all.length, sha256: sha256(all), contentType: 'text/x-restart' });
    expect(sha256(await readAll(last, 'restart.bin'))).toBe(sha256(all));
    expect(await last.stat('restart.bin')).toMatchObject({ contentType: 'text/x-restart', cacheControl: 'max-age=60', contentDisposition: 'attachment; filename="r.bin"', metadata: { origin: 'restart' } });
  });

  it('more than 32 parts compose through intermediate objects into exactly the bytes appended', async () => {
    const pieces = Array.from({ length: 70 }, (_, i) => randomBytes(1000 + i * 17));
    let handle = await provider.createResumable('many.bin');
    for (const piece of pieces) handle = stored(await provider.appendResumable(handle, piece));
    expect((handle.state.parts as unknown[]).length).toBe(70);
    layer.stats.composes.length = 0;
    const result = await provider.completeResumable(handle);
    const all = Buffer.concat(pieces);
    expect(result).toMatchObject({ size: all.length, sha256: sha256(all) });
    // 70 parts: three intermediate composes (32, 32, 6), then one of their three results.
    expect([...layer.stats.composes].sort((x, y) => x - y)).toEqual([3, 6, 32, 32]);
    expect(layer.stats.composes.every((n) => n <= 32)).toBe(true);
    expect((await readAll(provider, 'many.bin')).equals(all)).toBe(true);
    expect(await hidden()).toEqual([]);
  });

  it('hidden objects exist while an upload is in progress, are never listed, and are gone after complete and after abort', async () => {
    await provider.upload({ key: 'visible.txt', body: Buffer.from('v') });
    const kept = stored(await provider.appendResumable(await provider.createResumable('kept.bin'), randomBytes(5000)));
    const dropped = stored(await provider.appendResumable(await provider.createResumable('dropped.bin'), randomBytes(5000)));
    expect((await hidden()).length).toBe(4);
    const listed: string[] = [];
    for await (const item of provider.list()) listed.push(item.key);
    expect(listed.some((key) => key.startsWith('.stowage-resumable'))).toBe(false);
    expect(listed).toContain('visible.txt');
    const page = await provider.listPage({ prefix: '.stowage' });
    expect(page.items).toEqual([]);
    await provider.abortResumable(dropped);
    expect((await hidden()).length).toBe(2);
    await provider.completeResumable(kept);
    expect(await hidden()).toEqual([]);
    expect(await provider.exists('dropped.bin')).toBe(false);
    await expect(provider.completeResumable(kept)).rejects.toSatisfy(code('NOT_FOUND'));
    await expect(provider.appendResumable(kept, Buffer.from('x'))).rejects.toSatisfy(code('NOT_FOUND'));
  });

  it('keys in .stowage-resumable/ are refused with INVALID_KEY by every call', async () => {
    const key = '.stowage-resumable/x/started';
    for (const call of [
      () => provider.upload({ key, body: Buffer.from('x') }),
      () => provider.read(key),
      () => provider.stat(key),
      () => provider.delete(key),
      () => provider.exists(key),
      () => provider.copy('visible.txt', key),
      () => provider.signedUrl(key),
      () => provider.createResumable('.stowage-resumable'),
    ]) {
      await expect(call()).rejects.toSatisfy(code('INVALID_KEY'));
    }
  });

  it('refuses a handle whose parts or key were changed, and keeps the parts below minSize', async () => {
    const handle = stored(await provider.appendResumable(await provider.createResumable('rules.bin'), randomBytes(2000)));
    const parts = handle.state.parts as { name: string; size: number }[];
    await expect(provider.completeResumable({ ...handle, state: { ...handle.state, parts: [{ ...parts[0], name: '../../other' }] } })).rejects.toSatisfy(code('INVALID_INPUT'));
    await expect(provider.completeResumable({ ...handle, state: { ...handle.state, parts: [{ ...parts[0], name: '5-0123456789abcdef' }] } })).rejects.toSatisfy(code('INVALID_INPUT'));
    await expect(provider.abortResumable({ ...handle, state: { ...handle.state, nonce: 'x' } })).rejects.toSatisfy(code('INVALID_INPUT'));
    await expect(provider.completeResumable({ ...handle, offset: 10 })).rejects.toSatisfy(code('INVALID_INPUT'));
    await expect(provider.appendResumable({ ...handle, key: 'other.bin' }, Buffer.from('x'))).rejects.toSatisfy(code('INVALID_INPUT'));
    const short = await provider.completeResumable(handle, { minSize: 2001 }).catch((e: unknown) => e);
    expect(isStowageError(short, 'INVALID_INPUT')).toBe(true);
    expect((short as { details?: { minimum?: number } }).details?.minimum).toBe(2001);
    expect(await provider.exists('rules.bin')).toBe(false);
    await expect(provider.completeResumable(handle, { minSize: 2000 })).resolves.toMatchObject({ size: 2000 });
  });

  // An append streams: the part goes up through a resumable session holding one chunk (8 MiB) at a time.
  // Straight to the emulator (no compose is needed): the compose layer relaying the body in this process
  // would count its own buffers as the provider's.
  it('appending 256 MiB of unknown length grows RSS by less than 64 MiB', async () => {
    const size = 256 * 1024 * 1024;
    const direct = await emulatorProvider({ prefix });
    let handle: ResumableHandle | undefined;
    const appender = {
      upload: async ({ key, body }: { key: string; body: unknown }): Promise<UploadResult> => {
        handle = await direct.appendResumable(await direct.createResumable(key), body as Parameters<GcsProvider['appendResumable']>[1]);
        return { key, size: handle.offset, sha256: '', contentType: 'application/octet-stream' };
      },
    } as unknown as Provider;
    const measure = await measureUploadMemory(appender, 'memory.bin', size);
    expect(measure.size).toBe(size);
    const growth = (measure.peak - measure.baseline) / 1024 / 1024;
    console.info(`resumable append of 256 MiB: RSS grew by ${growth.toFixed(1)} MiB`);
    expect(growth).toBeLessThan(64);
    await direct.abortResumable(handle as ResumableHandle);
    expect(await hidden()).toEqual([]);
  }, 180_000);
});

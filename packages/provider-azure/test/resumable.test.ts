import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { isStowageError } from '@stowage/core';
import { describe, expect, it } from 'vitest';
import { createAzureProvider, type AzureProviderOptions } from '../src/index.js';
import { azurite, blobNames, freshProvider, readAll } from './helpers.js';

const markers = (names: string[]) => names.filter((name) => name.startsWith('.stowage-resumable/'));

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('provider-azure resumable uploads on staged blocks', () => {
  it('completes, on a fresh provider instance, an upload another instance started (a restart)', async () => {
    const { provider, container } = await freshProvider();
    const first = randomBytes(5 * 1024 * 1024 + 17);
    const second = randomBytes(300_000);
    const started = await provider.createResumable('restart/a.bin', { contentType: 'application/x-test' });
    const half = await provider.appendResumable(started, Readable.from([first]));
    const restarted = await createAzureProvider({ container: container.containerName, connectionString: azurite().connectionString } as AzureProviderOptions);
    // The handle is plain JSON, as the server keeps it in its database.
    const handle = JSON.parse(JSON.stringify(half)) as typeof half;
    const done = await restarted.appendResumable(handle, Readable.from([second]));
    expect(await provider.exists('restart/a.bin')).toBe(false);
    await restarted.completeResumable(done);
    const read = await provider.read('restart/a.bin');
    expect((await readAll(read.body)).equals(Buffer.concat([first, second]))).toBe(true);
    expect((await provider.stat('restart/a.bin')).contentType).toBe('application/x-test');
  });

  it('keeps markers out of listings, and removes them on completion and on abort', async () => {
    const { provider, container } = await freshProvider();
    const done = await provider.appendResumable(await provider.createResumable('m/done.txt'), Readable.from([Buffer.from('done')]));
    const dropped = await provider.appendResumable(await provider.createResumable('m/dropped.txt'), Readable.from([Buffer.from('dropped')]));
    expect(markers(await blobNames(container))).toHaveLength(2);
    const listed: string[] = [];
    for await (const object of provider.list()) listed.push(object.key);
    expect(listed).toEqual([]);
    await provider.completeResumable(done);
    await provider.abortResumable(dropped);
    expect(markers(await blobNames(container))).toEqual([]);
    expect(await blobNames(container)).toEqual(['m/done.txt']);
    const late = await rejection(provider.appendResumable(dropped, Readable.from([Buffer.from('more')])));
    expect(isStowageError(late) && late.code).toBe('NOT_FOUND');
  });

  it('fails a completion with NOT_FOUND when a plain upload to the key committed meanwhile, keeping that upload', async () => {
    const { provider } = await freshProvider();
    const open = await provider.appendResumable(await provider.createResumable('race/k.bin'), Readable.from([randomBytes(100_000)]));
    const plain = randomBytes(2000);
    await provider.upload({ key: 'race/k.bin', body: Readable.from([plain]) });
    const error = await rejection(provider.completeResumable(open));
    expect(isStowageError(error) && error.code).toBe('NOT_FOUND');
    expect(String((error as Error).message)).toMatch(/staged blocks of this upload .* are gone/);
    expect((await readAll((await provider.read('race/k.bin')).body)).equals(plain)).toBe(true);
  });

  it('refuses keys in the markers\' folder with INVALID_KEY', async () => {
    const { provider } = await freshProvider();
    const error = await rejection(provider.upload({ key: '.stowage-resumable/x', body: Readable.from([Buffer.from('x')]) }));
    expect(isStowageError(error) && error.code).toBe('INVALID_KEY');
  });
});

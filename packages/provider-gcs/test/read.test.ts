import { randomBytes } from 'node:crypto';
import { isStowageError } from '@stowage/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Storage } from '@google-cloud/storage';
import gcs from '../src/index.js';
import type { GcsProvider } from '../src/provider.js';
import { emulatorProvider } from './emulator.js';

describe('reads, listing cursors and check (emulator)', () => {
  let provider: GcsProvider;
  beforeAll(async () => {
    provider = await emulatorProvider({ prefix: `read-${randomBytes(4).toString('hex')}` });
  });

  // The SDK destroys a failed download's agent; with its shared keep-alive pool that used to kill every
  // other request in flight ("socket hang up"). Downloads now use their own, unpooled request.
  it('a read destroyed early does not break other requests in flight', async () => {
    await provider.upload({ key: 'big.bin', body: randomBytes(4 * 1024 * 1024) });
    for (let round = 0; round < 5; round++) {
      const others = Array.from({ length: 10 }, (_, i) => provider.upload({ key: `other-${round}-${i}.txt`, body: Buffer.from(`x${i}`) }));
      const reads = await Promise.all(Array.from({ length: 3 }, () => provider.read('big.bin')));
      for (const read of reads) read.body.destroy();
      await expect(Promise.all(others)).resolves.toHaveLength(10);
      await expect(provider.stat('big.bin')).resolves.toMatchObject({ size: 4 * 1024 * 1024 });
    }
  });

  it('an abort signal stops a read with ABORTED', async () => {
    const controller = new AbortController();
    const { body } = await provider.read('big.bin', { signal: controller.signal });
    controller.abort();
    const error = await (async () => {
      for await (const _ of body) void _;
    })().catch((e: unknown) => e);
    expect(isStowageError(error, 'ABORTED')).toBe(true);
  });

  it('refuses a cursor it did not issue, or one from another prefix', async () => {
    for (let i = 0; i < 3; i++) await provider.upload({ key: `list/${i}.txt`, body: Buffer.from('x') });
    const page = await provider.listPage({ prefix: 'list/', pageSize: 1 });
    expect(page.cursor).toBeDefined();
    await expect(provider.listPage({ prefix: 'other/', cursor: page.cursor })).rejects.toSatisfy((e: unknown) => isStowageError(e, 'INVALID_INPUT'));
    await expect(provider.listPage({ cursor: 'not-a-cursor' })).rejects.toSatisfy((e: unknown) => isStowageError(e, 'INVALID_INPUT'));
  });

  it('reports the public URL from baseUrl, with the stored name percent-encoded', async () => {
    const withBase = await emulatorProvider({ prefix: 'pub', baseUrl: 'https://cdn.example.com/files/' });
    const result = await withBase.upload({ key: 'a b/ç.txt', body: Buffer.from('x') });
    expect(result.url).toBe('https://cdn.example.com/files/pub/a%20b/%C3%A7.txt');
    expect(result.providerMetadata).toMatchObject({ bucket: 'stowage-test', name: 'pub/a b/ç.txt' });
  });

  it('an unreachable endpoint is UNAVAILABLE (retryable), for check, upload and read', async () => {
    const down = await gcs.init({
      bucket: 'stowage-test',
      storage: new Storage({ apiEndpoint: 'http://127.0.0.1:1', projectId: 'p', retryOptions: { autoRetry: false } }),
    });
    for (const call of [() => down.check(), () => down.upload({ key: 'a.txt', body: Buffer.from('x') }), () => down.read('a.txt')]) {
      const error = await call().catch((e: unknown) => e);
      expect(isStowageError(error, 'UNAVAILABLE')).toBe(true);
      expect((error as { retryable: boolean }).retryable).toBe(true);
    }
  });

  it('a closed provider refuses calls', async () => {
    const closing = await emulatorProvider();
    await closing.close();
    await expect(closing.stat('a.txt')).rejects.toSatisfy((e: unknown) => isStowageError(e, 'UNSUPPORTED'));
  });
});

import { isStowageError } from '@stowage/core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { S3Provider } from '../src/index.js';
import { createBucket, providerFor } from './helpers.js';

async function failure(promise: Promise<unknown>): Promise<{ code?: string; message: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isStowageError(error)) throw new Error(`expected a StowageError, got ${String(error)}`);
  return error;
}

describe.each(['ceph', 'swift'] as const)('errors from a real server (%s)', (name) => {
  const server = inject(name);
  let bucket: string;
  let good: S3Provider;

  beforeAll(async () => {
    bucket = await createBucket(server, 'errors');
    good = await providerFor(server, bucket);
    await good.upload({ key: 'there.txt', body: Buffer.from('hello') });
  });
  afterAll(() => good.close());

  it('a wrong secret gives INVALID_CREDENTIALS in every call, and the secret is not echoed', async () => {
    const secret = 'wrong-secret-Zq8xV3';
    const bad = await providerFor(server, bucket, { credentials: { accessKeyId: server.credentials.accessKeyId, secretAccessKey: secret } });
    const calls: Record<string, () => Promise<unknown>> = {
      stat: () => bad.stat('there.txt'),
      exists: () => bad.exists('there.txt'),
      check: () => bad.check(),
      upload: () => bad.upload({ key: 'x.txt', body: Buffer.from('x') }),
      read: () => bad.read('there.txt'),
      delete: () => bad.delete('there.txt'),
      copy: () => bad.copy('there.txt', 'y.txt'),
      list: () => bad.listPage(),
    };
    for (const [call, run] of Object.entries(calls)) {
      const error = await failure(run());
      expect(error.code, `${call}: ${error.message}`).toBe('INVALID_CREDENTIALS');
      expect(error.message).not.toContain(secret);
      expect(JSON.stringify(error)).not.toContain(secret);
    }
    expect(await good.exists('there.txt')).toBe(true);
    await bad.close();
  });

  it('an unknown access key gives INVALID_CREDENTIALS', async () => {
    const bad = await providerFor(server, bucket, { credentials: { accessKeyId: 'NOSUCHKEY0000', secretAccessKey: 'whatever' } });
    expect((await failure(bad.stat('there.txt'))).code).toBe('INVALID_CREDENTIALS');
    expect((await failure(bad.check())).code).toBe('INVALID_CREDENTIALS');
    await bad.close();
  });

  it('a missing bucket gives INVALID_OPTIONS naming it, in every call', async () => {
    const missing = `no-such-bucket-${Date.now()}`;
    const lost = await providerFor(server, missing);
    const calls: Record<string, () => Promise<unknown>> = {
      check: () => lost.check(),
      stat: () => lost.stat('a.txt'),
      exists: () => lost.exists('a.txt'),
      read: () => lost.read('a.txt'),
      upload: () => lost.upload({ key: 'a.txt', body: Buffer.from('a') }),
      list: () => lost.listPage(),
      copy: () => lost.copy('a.txt', 'b.txt'),
      delete: () => lost.delete('a.txt'),
    };
    // Each call on its own (HEAD-based ones first), so none benefits from another having seen the bucket.
    for (const [call, run] of Object.entries(calls)) {
      const error = await failure(run());
      expect(error.code, `${call}: ${error.message}`).toBe('INVALID_OPTIONS');
      expect(error.message).toContain(`"${missing}"`);
    }
    await lost.close();
  });

  it('a presigned URL with a changed signature, key or expiry is refused by the server', async () => {
    const { url } = await good.signedUrl('there.txt', { expiresIn: 60 });
    expect((await fetch(url)).status).toBe(200);
    const signed = new URL(url);
    const signature = signed.searchParams.get('X-Amz-Signature')!;
    const tampered = [
      (u: URL) => u.searchParams.set('X-Amz-Signature', signature.replace(/.$/, (c) => (c === '0' ? '1' : '0'))),
      (u: URL) => (u.pathname = u.pathname.replace('there.txt', 'there.txt2')),
      (u: URL) => u.searchParams.set('X-Amz-Expires', '3600'),
    ];
    for (const change of tampered) {
      const u = new URL(url);
      change(u);
      const response = await fetch(u);
      await response.arrayBuffer();
      expect(response.status, u.toString()).toBe(403);
    }
  });

  it('a read past the end gives INVALID_RANGE; a missing key NOT_FOUND', async () => {
    expect((await failure(good.read('there.txt', { range: { start: 5 } }))).code).toBe('INVALID_RANGE');
    expect((await failure(good.read('nothing-here.txt'))).code).toBe('NOT_FOUND');
    expect((await failure(good.stat('nothing-here.txt'))).code).toBe('NOT_FOUND');
    expect(await good.exists('nothing-here.txt')).toBe(false);
  });
});

describe('an unreachable endpoint', () => {
  it('gives a retryable UNAVAILABLE', async () => {
    const provider = await providerFor({ ...inject('ceph'), endpoint: 'http://127.0.0.1:9' }, 'any-bucket');
    const error = await provider.check().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNAVAILABLE', retryable: true });
    await provider.close();
  });
});

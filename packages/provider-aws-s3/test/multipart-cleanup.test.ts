import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { isStowageError } from '@stowage/core';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { S3Provider } from '../src/index.js';
import { createBucket, openMultipartUploads, providerFor, sdkClient } from './helpers.js';

const MiB = 1024 * 1024;

describe.each(['ceph', 'swift'] as const)('multipart uploads leave nothing behind (%s)', (name) => {
  const server = inject(name);
  let bucket: string;
  let provider: S3Provider;
  let sdk: S3Client;

  beforeAll(async () => {
    bucket = await createBucket(server, 'multipart');
    provider = await providerFor(server, bucket);
    sdk = sdkClient(server);
  });
  afterAll(async () => {
    await provider.close();
    sdk.destroy();
  });

  async function expectNothingAt(key: string): Promise<void> {
    expect(await openMultipartUploads(sdk, bucket, key)).toEqual([]);
    expect(await provider.exists(key)).toBe(false);
  }

  it('an abort through the signal, after several parts went up, aborts the multipart upload', async () => {
    const controller = new AbortController();
    const body = slowStream(40 * MiB, () => controller.abort(new Error('user cancelled')), 12 * MiB);
    const error = await provider.upload({ key: 'aborted.bin', body, signal: controller.signal }).catch((e: unknown) => e);
    expect(isStowageError(error, 'ABORTED')).toBe(true);
    await expectNothingAt('aborted.bin');
  });

  it('a source stream that fails midway aborts the multipart upload', async () => {
    const body = slowStream(40 * MiB, undefined, 12 * MiB);
    const error = await provider.upload({ key: 'source-error.bin', body }).catch((e: unknown) => e);
    expect(isStowageError(error, 'ABORTED')).toBe(true);
    await expectNothingAt('source-error.bin');
  });

  it('a SHA-256 mismatch on a multipart body is never completed', async () => {
    const error = await provider.upload({ key: 'mismatch.bin', body: slowStream(11 * MiB), sha256: '0'.repeat(64) }).catch((e: unknown) => e);
    expect(isStowageError(error, 'CHECKSUM_MISMATCH')).toBe(true);
    await expectNothingAt('mismatch.bin');
  });

  it('a multipart upload reports the real ETag, the SHA-256, and keeps the verified SHA-256 for stat', async () => {
    const size = 11 * MiB;
    const sha256 = createHash('sha256').update(Buffer.concat([...chunks(size)])).digest('hex');
    const result = await provider.upload({ key: 'whole.bin', body: slowStream(size), sha256 });
    const head = await sdk.send(new HeadObjectCommand({ Bucket: bucket, Key: 'whole.bin' }));
    expect(result.etag).toBe(head.ETag?.replaceAll('"', ''));
    expect(result.etag).toMatch(/-3$/);
    expect(result).toMatchObject({ size, sha256 });
    const stat = await provider.stat('whole.bin');
    expect(stat.sha256).toBe(sha256);
    expect(stat.metadata).toEqual({});
    expect(await openMultipartUploads(sdk, bucket)).toEqual([]);
  });
});

function* chunks(total: number, size = 256 * 1024): Generator<Buffer> {
  for (let sent = 0; sent < total; sent += size) yield Buffer.alloc(Math.min(size, total - sent), (sent / size) % 251);
}

/**
 * A stream of `total` bytes in 256 KiB chunks, a little slow so parts are in flight when it stops. After
 * `stopAfter` bytes it calls `onStop`, or fails with an error when there is none.
 */
function slowStream(total: number, onStop?: () => void, stopAfter?: number): Readable {
  const source = chunks(total);
  let sent = 0;
  return new Readable({
    read() {
      if (stopAfter !== undefined && sent >= stopAfter) {
        if (onStop) onStop();
        else this.destroy(new Error('disk read failed'));
        return;
      }
      const next = source.next();
      if (next.done) return void this.push(null);
      sent += next.value.length;
      setTimeout(() => this.push(next.value), 2);
    },
  });
}

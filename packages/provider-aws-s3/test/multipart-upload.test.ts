import { AbortMultipartUploadCommand, GetObjectCommand, HeadObjectCommand, ListMultipartUploadsCommand, type S3Client } from '@aws-sdk/client-s3';
import { isStowageError } from '@stowage/core';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { S3Provider } from '../src/index.js';
import { createBucket, openMultipartUploads, providerFor, recordRequests, sdkClient, unevenChunks } from './helpers.js';

const MiB = 1024 * 1024;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe.each(['ceph', 'swift'] as const)('multipart uploads through reused part buffers (%s)', (name) => {
  const server = inject(name);
  let bucket: string;
  let provider: S3Provider;
  let sdk: S3Client;

  beforeAll(async () => {
    bucket = await createBucket(server, 'parts');
    // Two parts in flight, three buffers: from the fourth part on, every part goes through a reused buffer.
    provider = await providerFor(server, bucket, { queueSize: 2 });
    sdk = sdkClient(server);
  });
  afterAll(async () => {
    await provider.close();
    sdk.destroy();
  });

  it('stores every byte of a many-part body in order, read back through the SDK', async () => {
    const bytes = randomBytes(8 * 5 * MiB + 12345);
    const inFlight = countInFlightParts(provider.client);
    const result = await provider.upload({ key: 'many.bin', body: unevenChunks(bytes) });
    const stored = await sdk.send(new GetObjectCommand({ Bucket: bucket, Key: 'many.bin' }));
    const read = Buffer.from(await stored.Body!.transformToByteArray());
    expect(read.length).toBe(bytes.length);
    expect(sha256(read)).toBe(sha256(bytes));
    expect(result).toMatchObject({ size: bytes.length, sha256: sha256(bytes) });
    const head = await sdk.send(new HeadObjectCommand({ Bucket: bucket, Key: 'many.bin' }));
    expect(result.etag).toBe(head.ETag?.replaceAll('"', ''));
    expect(result.etag).toMatch(/-9$/);
    expect(inFlight.max).toBe(2);
    expect(inFlight.started).toBe(9);
  });

  it('a part the server refuses fails the upload at once, stops reading the body and leaves no upload open', async () => {
    const key = 'refused.bin';
    let read = 0;
    const total = 200 * MiB;
    const body = new Readable({
      read() {
        if (read >= total) return void this.push(null);
        read += MiB;
        setTimeout(() => this.push(randomBytes(MiB)), 1);
      },
    });
    // Another client aborts the upload while it runs: the next part is refused with NoSuchUpload.
    let aborted = false;
    const aborter = setInterval(() => {
      void sdk
        .send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: key }))
        .then(async (open) => {
          const upload = open.Uploads?.[0];
          if (upload === undefined || aborted) return;
          aborted = true;
          clearInterval(aborter);
          await sdk.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: upload.UploadId }));
        })
        .catch(() => undefined);
    }, 50);
    const error = await provider.upload({ key, body }).catch((e: unknown) => e);
    clearInterval(aborter);
    expect(isStowageError(error, 'ABORTED')).toBe(true);
    expect((error as Error).message).toMatch(/aborted by another client or expired/);
    expect(read).toBeLessThan(total / 2);
    expect(body.destroyed).toBe(true);
    expect(await openMultipartUploads(sdk, bucket, key)).toEqual([]);
    expect(await provider.exists(key)).toBe(false);
  });
});

describe('multipart uploads: limits and checksums (ceph)', () => {
  const ceph = inject('ceph');
  let bucket: string;

  beforeAll(async () => {
    bucket = await createBucket(ceph, 'parts-limits');
  });

  it('refuses a declared size beyond 10000 parts before reading a byte', async () => {
    const provider = await providerFor(ceph, bucket);
    const seen = recordRequests(provider.client);
    const body = Readable.from([Buffer.alloc(1)]);
    const error = await provider.upload({ key: 'huge.bin', body, size: 5 * MiB * 10_000 + 1 }).catch((e: unknown) => e);
    expect(isStowageError(error, 'TOO_LARGE')).toBe(true);
    expect((error as Error).message).toMatch(/raise partSize/);
    expect(body.readableDidRead).toBe(false);
    expect(seen).toEqual([]);
    await provider.close();
  });

  it('with WHEN_SUPPORTED checksums, creates the upload with CRC32 and sends each part with its CRC32', async () => {
    const provider = await providerFor(ceph, bucket, { requestChecksumCalculation: 'WHEN_SUPPORTED', queueSize: 2 });
    const seen = recordRequests(provider.client);
    const bytes = randomBytes(11 * MiB);
    const result = await provider.upload({ key: 'crc.bin', body: unevenChunks(bytes) });
    expect(result.sha256).toBe(sha256(bytes));
    const header = (r: { headers: Record<string, string> }, h: string) => Object.entries(r.headers).find(([k]) => k.toLowerCase() === h)?.[1];
    const create = seen.find((r) => r.method === 'POST' && 'uploads' in r.query);
    expect(create && header(create, 'x-amz-checksum-algorithm')).toBe('CRC32');
    const parts = seen.filter((r) => r.method === 'PUT' && r.query.partNumber !== undefined);
    expect(parts).toHaveLength(3);
    for (const part of parts) {
      expect(header(part, 'x-amz-checksum-crc32')).toMatch(/^[A-Za-z0-9+/]{6}==$/);
      expect(header(part, 'content-encoding') ?? '').not.toContain('aws-chunked');
    }
    const stored = await provider.client.send(new GetObjectCommand({ Bucket: bucket, Key: 'crc.bin' }));
    expect(sha256(Buffer.from(await stored.Body!.transformToByteArray()))).toBe(sha256(bytes));
    await provider.close();
  });
});

/** Counts UploadPart requests on the wire and the most in flight at once (an observing middleware). */
function countInFlightParts(client: S3Client): { max: number; started: number } {
  const counts = { max: 0, started: 0 };
  let now = 0;
  type Args = { request: { query?: Record<string, unknown> } };
  const counter = (next: (args: Args) => Promise<unknown>) => async (args: Args) => {
    if (args.request.query?.partNumber === undefined) return next(args);
    counts.started += 1;
    now += 1;
    counts.max = Math.max(counts.max, now);
    try {
      return await next(args);
    } finally {
      now -= 1;
    }
  };
  client.middlewareStack.addRelativeTo(counter as never, { relation: 'after', toMiddleware: 'httpSigningMiddleware', name: 'stowagePartCounter', override: true });
  return counts;
}

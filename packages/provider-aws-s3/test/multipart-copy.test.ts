import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { copyLimits } from '../src/multipart-copy.js';
import type { S3Provider } from '../src/index.js';
import { createBucket, openMultipartUploads, providerFor, recordRequests, sdkClient } from './helpers.js';

const MiB = 1024 * 1024;

// The 5 GiB threshold lowered, so a 12 MiB object takes the path objects over 5 GiB take.
describe.each(['ceph', 'swift'] as const)('copies beyond the CopyObject limit go in parts (%s)', (name) => {
  const server = inject(name);
  let bucket: string;
  let provider: S3Provider;
  let sdk: S3Client;
  const saved = { ...copyLimits };

  beforeAll(async () => {
    Object.assign(copyLimits, { single: 8 * MiB, part: 5 * MiB });
    bucket = await createBucket(server, 'bigcopy');
    provider = await providerFor(server, bucket);
    sdk = sdkClient(server);
  });
  afterAll(async () => {
    Object.assign(copyLimits, saved);
    await provider.close();
    sdk.destroy();
  });

  it('copies bytes, type, headers and metadata with UploadPartCopy', async () => {
    const bytes = randomBytes(12 * MiB);
    await provider.upload({ key: 'big.bin', body: bytes, contentType: 'video/mp4', cacheControl: 'max-age=60', contentDisposition: 'inline', metadata: { title: 'café' } });
    const seen = recordRequests(provider.client);
    await provider.copy('big.bin', 'big copy.bin');
    expect(seen.filter((r) => r.query.partNumber !== undefined && r.headers['x-amz-copy-source-range'] !== undefined)).toHaveLength(3);
    const stat = await provider.stat('big copy.bin');
    expect(stat).toMatchObject({ size: bytes.length, contentType: 'video/mp4', cacheControl: 'max-age=60', contentDisposition: 'inline', metadata: { title: 'café' } });
    const read = await provider.read('big copy.bin');
    const hash = createHash('sha256');
    for await (const chunk of read.body) hash.update(chunk as Buffer);
    expect(hash.digest('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
    const head = await sdk.send(new HeadObjectCommand({ Bucket: bucket, Key: 'big copy.bin' }));
    expect(head.ETag).toMatch(/-3"$/);
    expect(await openMultipartUploads(sdk, bucket)).toEqual([]);
  });

  it('a small object still takes one CopyObject', async () => {
    await provider.upload({ key: 'small.bin', body: randomBytes(1024) });
    const seen = recordRequests(provider.client);
    await provider.copy('small.bin', 'small copy.bin');
    expect(seen.filter((r) => r.method === 'PUT').map((r) => r.query.partNumber)).toEqual([undefined]);
  });
});

import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { S3Provider } from '../src/index.js';
import { createBucket, providerFor, recordRequests, type RecordedRequest } from './helpers.js';

const ceph = inject('ceph');

describe('what the provider sends (Ceph)', () => {
  let bucket: string;
  let plain: S3Provider;
  let plainSeen: RecordedRequest[];

  beforeAll(async () => {
    bucket = await createBucket(ceph, 'requests');
    plain = await providerFor(ceph, bucket);
    plainSeen = recordRequests(plain.client);
  });
  afterAll(() => plain.close());

  const writes = (seen: RecordedRequest[]) => seen.filter((r) => r.method === 'PUT' || r.method === 'POST');

  it('sends no ACL header by default, on single, multipart and copy writes', async () => {
    await plain.upload({ key: 'small.txt', body: Buffer.from('hello') });
    await plain.upload({ key: 'big.bin', body: Readable.from(chunks(6 * 1024 * 1024)) });
    await plain.copy('small.txt', 'copy.txt');
    const sent = writes(plainSeen);
    expect(sent.some((r) => r.query.uploadId !== undefined)).toBe(true);
    expect(sent.length).toBeGreaterThanOrEqual(5);
    for (const request of sent) expect(Object.keys(request.headers).map((h) => h.toLowerCase())).not.toContain('x-amz-acl');
  });

  it('sends no aws-chunked bodies or checksum trailers to a custom endpoint', async () => {
    await plain.upload({ key: 'stream.bin', body: Readable.from(chunks(1024 * 1024)) });
    for (const request of writes(plainSeen)) {
      const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
      expect(headers['content-encoding'] ?? '').not.toContain('aws-chunked');
      expect(Object.keys(headers).filter((h) => h.startsWith('x-amz-checksum') || h === 'x-amz-trailer' || h === 'x-amz-sdk-checksum-algorithm')).toEqual([]);
      expect(headers['x-amz-content-sha256']).not.toMatch(/STREAMING/);
    }
  });

  it('sends the ACL, and only then, when the acl option asks for one', async () => {
    const withAcl = await providerFor(ceph, bucket, { acl: 'public-read' });
    const seen = recordRequests(withAcl.client);
    await withAcl.upload({ key: 'public.txt', body: Buffer.from('public') });
    expect(writes(seen).map((r) => r.headers['x-amz-acl'])).toEqual(['public-read']);
    const anonymous = await fetch(`${ceph.endpoint}/${bucket}/public.txt`);
    expect(anonymous.status).toBe(200);
    expect(await anonymous.text()).toBe('public');
    await withAcl.close();
  });
});

function* chunks(total: number, size = 64 * 1024): Generator<Buffer> {
  for (let sent = 0; sent < total; sent += size) yield Buffer.alloc(Math.min(size, total - sent), sent % 251);
}

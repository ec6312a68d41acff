import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createBucket, providerFor, sdkClient } from './helpers.js';

const ceph = inject('ceph');
const run = promisify(execFile);
const PLAINTEXT = 'stowage plaintext marker; '.repeat(64);

/** The bytes RADOS holds for an object's head, read under the gateway with the `rados` tool. */
async function rawBytes(key: string): Promise<Buffer> {
  const env = { ...process.env, CEPH_CONF: join(ceph.dir, 'ceph.conf') };
  const { stdout } = await run('rados', ['-p', 'default.rgw.buckets.data', 'ls'], { env });
  const name = stdout.split('\n').find((line) => line.endsWith(`_${key}`));
  expect(name, `RADOS object for ${key}`).toBeDefined();
  const raw = await run('rados', ['-p', 'default.rgw.buckets.data', 'get', name!, '-'], { env, encoding: 'buffer', maxBuffer: 1 << 24 });
  return raw.stdout;
}

describe('headers and encryption as stored (Ceph)', () => {
  let bucket: string;
  let sdk: S3Client;
  beforeAll(async () => {
    bucket = await createBucket(ceph, 'headers');
    sdk = sdkClient(ceph);
  });
  afterAll(() => sdk.destroy());

  it('HeadObject shows the content type, cache control, disposition, metadata and SSE-KMS asked for', async () => {
    const [kmsKeyId] = ceph.kmsKeyIds;
    const provider = await providerFor(ceph, bucket, { serverSideEncryption: 'aws:kms', kmsKeyId });
    await provider.upload({
      key: 'encrypted.txt',
      body: Buffer.from(PLAINTEXT),
      contentType: 'text/plain; charset=utf-8',
      cacheControl: 'public, max-age=60',
      contentDisposition: 'attachment; filename="notes.txt"',
      metadata: { owner: 'ada', note: 'café au lait' },
    });
    const head = await sdk.send(new HeadObjectCommand({ Bucket: bucket, Key: 'encrypted.txt' }));
    expect(head).toMatchObject({
      ContentType: 'text/plain; charset=utf-8',
      CacheControl: 'public, max-age=60',
      ContentDisposition: 'attachment; filename="notes.txt"',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: kmsKeyId,
    });
    expect(head.Metadata?.owner).toBe('ada');
    expect((await provider.stat('encrypted.txt')).metadata).toEqual({ owner: 'ada', note: 'café au lait' });
    const read = await provider.read('encrypted.txt');
    expect(await text(read.body)).toBe(PLAINTEXT);
    await provider.close();
  });

  it('the bytes at rest are encrypted with SSE-KMS, and plain without it', async () => {
    const encrypted = await providerFor(ceph, bucket, { kmsKeyId: ceph.kmsKeyIds[1] });
    const plain = await providerFor(ceph, bucket);
    await encrypted.upload({ key: 'at-rest-encrypted.txt', body: Buffer.from(PLAINTEXT) });
    await plain.upload({ key: 'at-rest-plain.txt', body: Buffer.from(PLAINTEXT) });
    expect((await rawBytes('at-rest-plain.txt')).toString('latin1')).toContain('stowage plaintext marker');
    const raw = await rawBytes('at-rest-encrypted.txt');
    expect(raw.length).toBe(PLAINTEXT.length);
    expect(raw.toString('latin1')).not.toContain('stowage plaintext marker');
    await Promise.all([encrypted.close(), plain.close()]);
  });

  // The copy request carries the options' encryption (AWS applies it); Ceph 16 ignores it on copies, so
  // only type, metadata and bytes are observable here.
  it('a copy keeps type, metadata and bytes', async () => {
    const plain = await providerFor(ceph, bucket);
    const encrypting = await providerFor(ceph, bucket, { kmsKeyId: ceph.kmsKeyIds[0] });
    await plain.upload({ key: 'src.txt', body: Buffer.from('copy me'), contentType: 'text/plain', metadata: { a: '1' } });
    await encrypting.copy('src.txt', 'dst.txt');
    const head = await sdk.send(new HeadObjectCommand({ Bucket: bucket, Key: 'dst.txt' }));
    expect(head).toMatchObject({ ContentType: 'text/plain', Metadata: { a: '1' } });
    expect(await text((await plain.read('dst.txt')).body)).toBe('copy me');
    await Promise.all([plain.close(), encrypting.close()]);
  });

  it('Ceph 16 cannot copy an SSE-KMS object: the 501 is UNSUPPORTED, not a retryable outage', async () => {
    const provider = await providerFor(ceph, bucket, { kmsKeyId: ceph.kmsKeyIds[0] });
    await provider.upload({ key: 'kms-src.txt', body: Buffer.from('copy me') });
    const error = await provider.copy('kms-src.txt', 'kms-dst.txt').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNSUPPORTED', retryable: false });
    await provider.close();
  });
});

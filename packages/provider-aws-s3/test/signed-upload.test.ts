import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { signedUploadRequest } from '@stowage/core/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createBucket, providerFor, sdkClient } from './helpers.js';

const ceph = inject('ceph');

describe('signed uploads carry the options to the stored object (Ceph)', () => {
  let bucket: string;
  let sdk: S3Client;
  beforeAll(async () => {
    bucket = await createBucket(ceph, 'signed');
    sdk = sdkClient(ceph);
  });
  afterAll(() => sdk.destroy());

  it.each(['POST', 'PUT'] as const)('a %s upload is stored with the content type and SSE-KMS of the options', async (method) => {
    const [kmsKeyId] = ceph.kmsKeyIds;
    const provider = await providerFor(ceph, bucket, { kmsKeyId, signedUploadMethod: method });
    const key = `browser-${method}.txt`;
    const upload = await provider.signedUpload(key, { maxSize: 1024, contentType: 'text/plain' });
    expect(upload).toMatchObject({ method, enforcesMaxSize: method === 'POST' });
    const response = await fetch(upload.url, signedUploadRequest(upload, Buffer.from('from the browser'), 'text/plain'));
    expect(response.status, await response.text()).toBeLessThan(300);
    const head = await sdk.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    expect(head).toMatchObject({ ContentType: 'text/plain', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: kmsKeyId });
    await provider.close();
  });

  it('a POST whose file is not the signed content type or key is refused', async () => {
    const provider = await providerFor(ceph, bucket);
    const upload = await provider.signedUpload('pinned.txt', { maxSize: 1024, contentType: 'text/plain' });
    for (const fields of [{ ...upload.fields, 'Content-Type': 'text/html' }, { ...upload.fields, key: 'elsewhere.txt' }]) {
      const response = await fetch(upload.url, signedUploadRequest({ ...upload, fields }, Buffer.from('<script>'), 'text/html'));
      await response.arrayBuffer();
      expect(response.status).toBe(403);
    }
    expect(await provider.exists('pinned.txt')).toBe(false);
    expect(await provider.exists('elsewhere.txt')).toBe(false);
    await provider.close();
  });
});

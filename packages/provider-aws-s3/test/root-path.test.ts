import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createBucket, providerFor, sdkClient } from './helpers.js';

const ceph = inject('ceph');

describe('rootPath and baseUrl (Ceph)', () => {
  let bucket: string;
  let sdk: S3Client;
  beforeAll(async () => {
    bucket = await createBucket(ceph, 'rootpath');
    sdk = sdkClient(ceph);
  });
  afterAll(() => sdk.destroy());

  it('stores keys under rootPath and lists them back without it', async () => {
    const provider = await providerFor(ceph, bucket, { rootPath: 'tenant-a/uploads/' });
    const other = await providerFor(ceph, bucket, { rootPath: 'tenant-b' });
    await provider.upload({ key: 'one.txt', body: Buffer.from('1') });
    await provider.upload({ key: 'dir/two.txt', body: Buffer.from('2') });
    await other.upload({ key: 'one.txt', body: Buffer.from('other') });
    const stored = await sdk.send(new ListObjectsV2Command({ Bucket: bucket }));
    expect(stored.Contents?.map((o) => o.Key).sort()).toEqual(['tenant-a/uploads/dir/two.txt', 'tenant-a/uploads/one.txt', 'tenant-b/one.txt']);
    const listed = [];
    for await (const item of provider.list()) listed.push(item.key);
    expect(listed).toEqual(['dir/two.txt', 'one.txt']);
    expect((await provider.listPage({ prefix: 'dir/' })).items.map((i) => i.key)).toEqual(['dir/two.txt']);
    expect((await provider.stat('one.txt')).key).toBe('one.txt');
    await Promise.all([provider.close(), other.close()]);
  });

  it('reports a public URL that works, with the bucket and rootPath exactly once', async () => {
    const bucketUrl = `${ceph.endpoint}/${bucket}`;
    for (const baseUrl of [bucketUrl, `${bucketUrl}/`, `${bucketUrl}/public`]) {
      const provider = await providerFor(ceph, bucket, { rootPath: 'public', baseUrl, acl: 'public-read' });
      const result = await provider.upload({ key: 'a b.txt', body: Buffer.from('served'), contentType: 'text/plain' });
      expect(result.url).toBe(`${bucketUrl}/public/a%20b.txt`);
      const response = await fetch(result.url!);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('served');
      await provider.close();
    }
  });

  it('reports no URL without baseUrl', async () => {
    const provider = await providerFor(ceph, bucket);
    expect((await provider.upload({ key: 'n.txt', body: Buffer.from('n') })).url).toBeUndefined();
    await provider.close();
  });
});

import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { serve, type Served } from './helpers/serve.js';
import { downloadNhost, uploadNhost } from './helpers/uploads.js';

const ceph = inject('ceph');
let client: S3Client;

beforeAll(() => {
  client = new S3Client({ endpoint: ceph.endpoint, region: ceph.region, forcePathStyle: true, credentials: { ...ceph.credentials } });
});

afterAll(() => client?.destroy());

/** A new bucket (the provider stores into an existing one) and the provider options that point at it. */
async function freshBucket(): Promise<{ bucket: string; options: Record<string, unknown> }> {
  const bucket = `packed-${randomBytes(6).toString('hex')}`;
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  const options = { bucket, endpoint: ceph.endpoint, region: ceph.region, forcePathStyle: true, credentials: { ...ceph.credentials } };
  return { bucket, options };
}

/** Uploads through the server, then checks the bytes are in the bucket (listed and read with the S3 API) and come back through the server. */
async function expectStoredInBucket(server: Served, bucket: string): Promise<void> {
  const bytes = randomBytes(300_000);
  const id = await uploadNhost(server.url, 'to-ceph.bin', bytes);
  const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
  const objects = listed.Contents ?? [];
  expect(objects.map((object) => object.Size)).toContain(bytes.length);
  const key = objects.find((object) => object.Size === bytes.length)?.Key;
  const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  expect(Buffer.from((await object.Body?.transformToByteArray()) ?? []).equals(bytes)).toBe(true);
  expect((await downloadNhost(server.url, id)).equals(bytes)).toBe(true);
}

describe('npx stowage serve with provider aws-s3 (the packed provider, found by its name), on Ceph', () => {
  it('stores into the bucket of stowage.config.json', async () => {
    const cwd = join(inject('scratch'), 'serve-s3-config');
    await mkdir(cwd);
    const { bucket, options } = await freshBucket();
    await writeFile(join(cwd, 'stowage.config.json'), JSON.stringify({ provider: 'aws-s3', providerOptions: options }));
    const server = await serve(cwd);
    try {
      await expectStoredInBucket(server, bucket);
    } finally {
      expect(await server.stop(), server.output()).toBe(0);
    }
  });

  it('stores into the bucket of STOWAGE_PROVIDER and STOWAGE_PROVIDER_OPTIONS', async () => {
    const cwd = join(inject('scratch'), 'serve-s3-env');
    await mkdir(cwd);
    const { bucket, options } = await freshBucket();
    const server = await serve(cwd, [], { STOWAGE_PROVIDER: 'aws-s3', STOWAGE_PROVIDER_OPTIONS: JSON.stringify(options) });
    try {
      await expectStoredInBucket(server, bucket);
    } finally {
      expect(await server.stop(), server.output()).toBe(0);
    }
  });
});

import { randomBytes } from 'node:crypto';
import { CreateBucketCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { ExistsCapability, Provider } from '@stowage/core';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { freshPostgres } from './helpers/databases.js';
import { jpeg, postForm, startStrapiServer } from './helpers/strapi-fixtures.js';
import type { TestServer } from './helpers/test-server.js';

describe('provider "strapi:aws-s3": the unmodified Strapi provider behind the server, on Ceph and PostgreSQL', () => {
  let t: TestServer;
  let admin: S3Client;
  let Bucket: string;
  beforeAll(async () => {
    const ceph = inject('ceph');
    Bucket = `strapi-${randomBytes(6).toString('hex')}`;
    const client = { endpoint: ceph.endpoint, region: ceph.region, forcePathStyle: true, credentials: { ...ceph.credentials }, requestChecksumCalculation: 'WHEN_REQUIRED' as const, responseChecksumValidation: 'WHEN_REQUIRED' as const };
    admin = new S3Client(client);
    await admin.send(new CreateBucketCommand({ Bucket }));
    // Strapi's own action options reach the Strapi provider, which passes them to S3 as they are.
    const actionOptions = { upload: { CacheControl: 'max-age=42' }, uploadStream: { CacheControl: 'max-age=42' } };
    t = await startStrapiServer(await freshPostgres(), { provider: 'strapi:aws-s3', providerOptions: { s3Options: { ...client, params: { Bucket, ACL: 'private' } } }, actionOptions });
  });
  afterAll(async () => {
    admin?.destroy();
    await t?.close();
  });

  it('uploads through the Strapi provider, makes formats by reading back through its signed URLs, and deletes', async () => {
    expect(t.provider.name).toBe('strapi-aws-s3');
    expect([...t.provider.capabilities].sort()).toEqual(['exists', 'read', 'signedUrl', 'stat']);
    const photo = await jpeg(900, 600);
    const { status, body } = await postForm(`${t.url}/api/upload`, (form) => {
      form.append('path', 'products');
      form.append('files', new Blob([photo], { type: 'image/jpeg' }), 'p.jpg');
    });
    expect(status).toBe(201);
    expect(body[0]).toMatchObject({ provider: 'strapi-aws-s3', width: 900, height: 600, folderPath: '/products' });
    expect(Object.keys(body[0].formats).sort()).toEqual(['medium', 'small', 'thumbnail']);
    const download = await fetch(new URL(body[0].url, t.url));
    expect(Buffer.from(await download.arrayBuffer()).equals(photo)).toBe(true);
    const key = `default/products/${body[0].hash}.jpg`;
    expect(await (t.provider as Provider & ExistsCapability).exists(key)).toBe(true);
    const head = await admin.send(new HeadObjectCommand({ Bucket, Key: key }));
    expect(head.CacheControl).toBe('max-age=42');
    expect((await fetch(`${t.url}/api/upload/files/${body[0].id}`, { method: 'DELETE' })).status).toBe(200);
    expect(await (t.provider as Provider & ExistsCapability).exists(key)).toBe(false);
    expect(await (t.provider as Provider & ExistsCapability).exists(`default/products/thumbnail_${body[0].hash}.jpg`)).toBe(false);
  });

  it('fails at start with the candidates tried when the Strapi provider does not exist', async () => {
    const error = await startStrapiServer({ client: 'sqlite', filename: ':memory:' }, { provider: 'strapi:nope', providerOptions: {} }).catch((e: unknown) => e);
    expect((error as Error).message).toContain('@strapi/provider-upload-nope, strapi-provider-upload-nope, nope');
  });
});

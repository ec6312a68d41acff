import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { HeadObjectCommand, ListMultipartUploadsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { StowageConfigInput } from '../src/config/schema.js';
import { startServer, type RunningServer } from '../src/server.js';
import { freshPostgres } from './helpers/databases.js';
import { freshS3Bucket } from './helpers/s3.js';
import { cuttingProxy } from './helpers/cutting-proxy.js';
import { tusUpload } from './helpers/tus-client.js';

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

describe('tus on aws-s3 (Ceph) and PostgreSQL: an upload started on one instance is finished on another that shares only the database', () => {
  let dir: string;
  let first: RunningServer;
  let second: RunningServer;
  let s3: Awaited<ReturnType<typeof freshS3Bucket>>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stowage-tus-s3-'));
    const [database, bucket] = await Promise.all([freshPostgres(), freshS3Bucket()]);
    s3 = bucket;
    // The instances share only the database, as instances on two machines would: the parts are S3's.
    const config = (name: string): StowageConfigInput => ({ ...bucket, database, tus: { stagingDir: join(dir, name), sweepInterval: 0 }, logLevel: 'silent', sizeLimit: 64 * 1024 * 1024 });
    first = await startServer({ config: config('staging-1'), host: '127.0.0.1', port: 0 });
    second = await startServer({ config: config('staging-2'), host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const bucketName = () => (s3.providerOptions as { bucket: string }).bucket;
  const withClient = async <T>(use: (client: S3Client) => Promise<T>): Promise<T> => {
    const ceph = inject('ceph');
    const client = new S3Client({ endpoint: ceph.endpoint, region: ceph.region, forcePathStyle: true, credentials: { ...ceph.credentials } });
    try {
      return await use(client);
    } finally {
      client.destroy();
    }
  };
  // The provider keeps an upload's pieces as hidden objects until completion (see provider-aws-s3's README).
  const hiddenPieces = () => withClient(async (client) => (await client.send(new ListObjectsV2Command({ Bucket: bucketName() }))).Contents?.filter((o) => o.Key?.includes('.stowage-resumable/')) ?? []);
  const openUploads = (key: string) => withClient(async (client) => (await client.send(new ListMultipartUploadsCommand({ Bucket: bucketName() }))).Uploads?.filter((u) => u.Key?.endsWith(key)) ?? []);
  const staged = async () => (await Promise.all(['staging-1', 'staging-2'].map((d) => (existsSync(join(dir, d)) ? readdir(join(dir, d)) : [])))).flat();

  it('keeps the parts in the S3 bucket, and removes them on termination', async () => {
    const created = await fetch(`${first.url}/v1/files/tus`, { method: 'POST', headers: { 'tus-resumable': '1.0.0', 'upload-length': String(20 * 1024 * 1024) } });
    const location = created.headers.get('location')!;
    const patch = await fetch(location, { method: 'PATCH', headers: { 'tus-resumable': '1.0.0', 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' }, body: randomBytes(6 * 1024 * 1024) });
    expect(patch.status).toBe(204);
    const record = (await first.handler.context.store.getFile(decodeURIComponent(location.split('/').pop()!)))!;
    expect((await hiddenPieces()).length).toBeGreaterThan(0);
    expect(await staged()).toEqual([]);
    expect((await fetch(location.replace(first.url, second.url), { method: 'DELETE', headers: { 'tus-resumable': '1.0.0' } })).status).toBe(204);
    expect(await hiddenPieces()).toEqual([]);
    expect(await openUploads(record.storageKey)).toEqual([]);
  });

  it('resumes on the second instance, stores in the S3 bucket, and both serve the bytes', async () => {
    const data = randomBytes(12 * 1024 * 1024);
    const chunkSize = 4 * 1024 * 1024;
    const stopped = (await tusUpload(`${first.url}/v1/files/tus`, data, { chunkSize, stopAfter: 2 * chunkSize }).catch((e: unknown) => e)) as { url: string; accepted: number };
    expect(stopped.accepted).toBe(2 * chunkSize);
    const id = decodeURIComponent(stopped.url.split('/').pop()!);
    const resumed = await tusUpload(`${second.url}/v1/files/tus`, data, { chunkSize, uploadUrl: `${second.url}/v1/files/tus/${id}` });
    expect(resumed.patchOffsets[0]).toBe(2 * chunkSize);
    expect(JSON.parse(resumed.fileHeader!)).toMatchObject({ id, size: data.length, etag: `"${sha256(data)}"` });

    const record = (await first.handler.context.store.getFile(id))!;
    const head = await withClient((client) => client.send(new HeadObjectCommand({ Bucket: bucketName(), Key: record.storageKey })));
    expect(head.ContentLength).toBe(data.length);
    expect(await openUploads(record.storageKey)).toEqual([]);
    expect(await staged()).toEqual([]);
    for (const server of [first, second]) {
      const res = await fetch(`${server.url}/v1/files/${id}`);
      expect(sha256(new Uint8Array(await res.arrayBuffer()))).toBe(sha256(data));
    }
  });

  it('resumes on the second instance a 64 MiB upload whose connection to the first was cut at about half', async () => {
    const data = randomBytes(64 * 1024 * 1024);
    const proxy = await cuttingProxy(Number(new URL(first.url).port), 32 * 1024 * 1024);
    let cut: { url: string };
    try {
      cut = (await tusUpload(`http://127.0.0.1:${proxy.port}/v1/files/tus`, data, { retryDelays: [], metadata: { filename: 'cut.bin' } }).catch((e: unknown) => e)) as { url: string };
      expect(proxy.cuts).toBe(1);
    } finally {
      await proxy.close();
    }
    const id = decodeURIComponent(cut.url.split('/').pop()!);
    // The first instance still stores what reached it before the cut; a client retrying at once would find
    // its PATCH in flight. Resume once the durable offset settles, as a client's back-off would.
    const offset = async () => Number((await fetch(`${second.url}/v1/files/tus/${id}`, { method: 'HEAD', headers: { 'tus-resumable': '1.0.0' } })).headers.get('upload-offset'));
    let settled = await offset();
    for (let tries = 0, last = -1; settled !== last && tries < 40; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      [last, settled] = [settled, await offset()];
    }
    const resumed = await tusUpload(`${second.url}/v1/files/tus`, data, { uploadUrl: `${second.url}/v1/files/tus/${id}` });
    // The second instance went on from the bytes the first made durable before the cut, not from zero
    // (fewer than were sent: the rest was still in socket buffers when the connection died).
    expect(settled).toBeGreaterThan(0);
    expect(settled).toBeLessThanOrEqual(32 * 1024 * 1024);
    expect(resumed.patchOffsets[0]).toBe(settled);
    expect(JSON.parse(resumed.fileHeader!)).toMatchObject({ id, size: data.length, etag: `"${sha256(data)}"`, name: 'cut.bin' });
    const res = await fetch(`${first.url}/v1/files/${id}`);
    expect(sha256(new Uint8Array(await res.arrayBuffer()))).toBe(sha256(data));
    const record = (await first.handler.context.store.getFile(id))!;
    expect(await openUploads(record.storageKey)).toEqual([]);
    expect(await hiddenPieces()).toEqual([]);
    expect(await staged()).toEqual([]);
  });
});

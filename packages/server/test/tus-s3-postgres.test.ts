import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { StowageConfigInput } from '../src/config/schema.js';
import { startServer, type RunningServer } from '../src/server.js';
import { freshPostgres } from './helpers/databases.js';
import { freshS3Bucket } from './helpers/s3.js';
import { tusUpload } from './helpers/tus-client.js';

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

describe('tus on aws-s3 (Ceph) and PostgreSQL: an upload started on one instance is finished on another', () => {
  let dir: string;
  let first: RunningServer;
  let second: RunningServer;
  let s3: Awaited<ReturnType<typeof freshS3Bucket>>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stowage-tus-s3-'));
    const [database, bucket] = await Promise.all([freshPostgres(), freshS3Bucket()]);
    s3 = bucket;
    // Both instances share the database and the staging directory, as instances behind one load balancer would.
    const config: StowageConfigInput = { ...bucket, database, tus: { stagingDir: join(dir, 'staging'), sweepInterval: 0 }, logLevel: 'silent', sizeLimit: 64 * 1024 * 1024 };
    first = await startServer({ config, host: '127.0.0.1', port: 0 });
    second = await startServer({ config, host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await rm(dir, { recursive: true, force: true });
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
    const ceph = inject('ceph');
    const client = new S3Client({ endpoint: ceph.endpoint, region: ceph.region, forcePathStyle: true, credentials: { ...ceph.credentials } });
    try {
      const head = await client.send(new HeadObjectCommand({ Bucket: (s3.providerOptions as { bucket: string }).bucket, Key: record.storageKey }));
      expect(head.ContentLength).toBe(data.length);
    } finally {
      client.destroy();
    }
    for (const server of [first, second]) {
      const res = await fetch(`${server.url}/v1/files/${id}`);
      expect(sha256(new Uint8Array(await res.arrayBuffer()))).toBe(sha256(data));
    }
  });
});

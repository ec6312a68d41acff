import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { StowageConfigInput } from '../src/config/schema.js';
import { startServer, type RunningServer } from '../src/server.js';
import { freshS3Bucket } from './helpers/s3.js';
import { ADMIN_SECRET } from './helpers/test-server.js';

/**
 * One server, two real backends: the server-wide provider on local disk (with `avatars`), and `videos`
 * on its own provider, S3 on the run's Ceph gateway. Each file's bytes must land on its bucket's
 * backend, come back from there, and leave from there.
 */
describe('buckets on different backends (local disk and S3 in one server)', () => {
  let dir: string;
  let s3: Awaited<ReturnType<typeof freshS3Bucket>>;
  let s3Bucket: string;
  let client: S3Client;
  let server: RunningServer | undefined;
  const admin = { 'x-stowage-admin-secret': ADMIN_SECRET };

  const config = (buckets: StowageConfigInput['buckets']): StowageConfigInput => ({
    provider: 'local',
    providerOptions: { root: join(dir, 'uploads'), fsync: false },
    database: { client: 'sqlite', filename: join(dir, 'stowage.db') },
    buckets,
    logLevel: 'silent',
    adminSecret: ADMIN_SECRET,
    orphanGracePeriod: 0,
  });
  const withVideosOnS3 = () => config({ avatars: {}, videos: { provider: s3.provider, providerOptions: s3.providerOptions } });
  const withVideosOnDisk = () => config({ avatars: {}, videos: {} });

  async function start(input: StowageConfigInput): Promise<RunningServer> {
    await server?.close();
    server = await startServer({ config: input, host: '127.0.0.1', port: 0 });
    return server;
  }
  async function upload(bucket: string, body: Buffer, name: string): Promise<{ id: string }> {
    const form = new FormData();
    form.set('bucket-id', bucket);
    form.append('file[]', new File([new Uint8Array(body)], name, { type: 'application/octet-stream' }));
    const res = await fetch(`${server!.url}/v1/files`, { method: 'POST', body: form });
    expect(res.status).toBe(201);
    const json = (await res.json()) as { processedFiles: Array<{ id: string }> };
    return json.processedFiles[0]!;
  }
  const record = async (id: string) => (await server!.handler.context.store.getFile(id))!;
  const download = async (id: string) => {
    const res = await fetch(`${server!.url}/v1/files/${id}`);
    return { status: res.status, body: Buffer.from(await res.arrayBuffer()), json: res.headers.get('content-type')?.includes('json') === true };
  };
  const onS3 = async (key: string) => client.send(new HeadObjectCommand({ Bucket: s3Bucket, Key: key })).then(() => true, () => false);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stowage-bucket-providers-'));
    s3 = await freshS3Bucket();
    const options = s3.providerOptions as { bucket: string };
    s3Bucket = options.bucket;
    const ceph = inject('ceph');
    client = new S3Client({ endpoint: ceph.endpoint, region: ceph.region, forcePathStyle: true, credentials: { ...ceph.credentials } });
  });
  afterAll(async () => {
    await server?.close();
    client.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('stores each bucket on its backend, records which, and serves both back', async () => {
    await start(withVideosOnS3());
    const avatar = randomBytes(70_000);
    const video = randomBytes(300_000);
    const a = await upload('avatars', avatar, 'me.bin');
    const v = await upload('videos', video, 'clip.bin');

    const [avatarRecord, videoRecord] = [await record(a.id), await record(v.id)];
    expect(avatarRecord.backend).toBeNull();
    expect(videoRecord.backend).toBe('videos');
    expect(await readFile(join(dir, 'uploads', avatarRecord.storageKey))).toEqual(avatar);
    expect(existsSync(join(dir, 'uploads', videoRecord.storageKey))).toBe(false);
    const object = await client.send(new GetObjectCommand({ Bucket: s3Bucket, Key: videoRecord.storageKey }));
    expect(Buffer.from(await object.Body!.transformToByteArray())).toEqual(video);
    expect(await onS3(avatarRecord.storageKey)).toBe(false);

    expect((await download(a.id)).body).toEqual(avatar);
    expect((await download(v.id)).body).toEqual(video);
    const part = await fetch(`${server!.url}/v1/files/${v.id}`, { headers: { range: 'bytes=10-19' } });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(video.subarray(10, 20));
  });

  it("hands out the S3 bucket's own presigned URL for its files, and deletes from the right backend", async () => {
    await start(withVideosOnS3());
    const video = randomBytes(5000);
    const v = await upload('videos', video, 'signed.bin');
    const key = (await record(v.id)).storageKey;
    const presigned = (await (await fetch(`${server!.url}/v1/files/${v.id}/presignedurl`)).json()) as { url: string };
    expect(presigned.url.startsWith(inject('ceph').endpoint)).toBe(true);
    expect(Buffer.from(await (await fetch(presigned.url)).arrayBuffer())).toEqual(video);

    expect((await fetch(`${server!.url}/v1/files/${v.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(await onS3(key)).toBe(false);
  });

  it('keeps files stored before a bucket got its own provider on the server-wide one, and sends new ones to the new', async () => {
    await start(withVideosOnDisk());
    const before = randomBytes(4000);
    const old = await upload('videos', before, 'old.bin');
    expect((await record(old.id)).backend).toBeNull();

    await start(withVideosOnS3());
    expect((await download(old.id)).body).toEqual(before);
    const fresh = await upload('videos', randomBytes(4000), 'new.bin');
    expect(await onS3((await record(fresh.id)).storageKey)).toBe(true);
    // Neither file counts as broken or orphaned: each is where its record says.
    const broken = (await (await fetch(`${server!.url}/v1/ops/list-broken-metadata`, { method: 'POST', headers: admin })).json()) as { metadata: Array<{ id: string }> };
    expect(broken.metadata.map((m) => m.id)).not.toContain(old.id);
    expect(broken.metadata.map((m) => m.id)).not.toContain(fresh.id);
  });

  it('answers 503 for a file whose bucket provider is no longer configured, and never counts it as broken', async () => {
    await start(withVideosOnS3());
    const v = await upload('videos', randomBytes(3000), 'stranded.bin');
    await start(withVideosOnDisk());
    const res = await fetch(`${server!.url}/v1/files/${v.id}`);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/buckets\.videos\.provider/);
    const broken = (await (await fetch(`${server!.url}/v1/ops/list-broken-metadata`, { method: 'POST', headers: admin })).json()) as { metadata: Array<{ id: string }> };
    expect(broken.metadata.map((m) => m.id)).not.toContain(v.id);
    await start(withVideosOnS3());
    expect((await download(v.id)).status).toBe(200);
  });

  it("finds and deletes orphans on the bucket's own backend", async () => {
    await start(withVideosOnS3());
    const key = `videos/orphan-${randomBytes(4).toString('hex')}`;
    await client.send(new PutObjectCommand({ Bucket: s3Bucket, Key: key, Body: 'left behind' }));
    const listed = (await (await fetch(`${server!.url}/v1/ops/list-orphans`, { method: 'POST', headers: admin })).json()) as { files: string[] };
    expect(listed.files).toContain(key);
    const deleted = (await (await fetch(`${server!.url}/v1/ops/delete-orphans`, { method: 'POST', headers: admin })).json()) as { files: string[] };
    expect(deleted.files).toContain(key);
    expect(await onS3(key)).toBe(false);
  });

  it('checks each backend in /healthz and keeps bucket provider options out of the database', async () => {
    await start(withVideosOnS3());
    const health = (await (await fetch(`${server!.url}/healthz`)).json()) as { checks: Record<string, unknown> };
    expect(health.checks).toMatchObject({ provider: 'ok', database: 'ok', bucketProviders: { videos: 'ok' } });
    await server!.close();
    server = undefined;
    const secret = (s3.providerOptions as { credentials: { secretAccessKey: string } }).credentials.secretAccessKey;
    expect((await readFile(join(dir, 'stowage.db'))).includes(secret)).toBe(false);
  });

  it('names the bucket setting when its provider cannot be made', async () => {
    await expect(startServer({ config: config({ videos: { provider: 'no-such-provider-xyz' } }), host: '127.0.0.1', port: 0 })).rejects.toThrow(/Invalid buckets\.videos\.provider: .*not found/);
    await expect(startServer({ config: config({ videos: { provider: 'aws-s3' } }), host: '127.0.0.1', port: 0 })).rejects.toThrow(/buckets\.videos\.provider/);
    await expect(startServer({ config: config({ videos: { providerOptions: { root: dir } } }), host: '127.0.0.1', port: 0 })).rejects.toThrow(/buckets\.videos\.providerOptions/);
  });
});

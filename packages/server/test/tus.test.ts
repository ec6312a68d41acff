import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StowageConfigInput } from '../src/config/schema.js';
import { startServer, type RunningServer } from '../src/server.js';
import { ADMIN_SECRET, TEST_BUCKETS } from './helpers/test-server.js';
import { cuttingProxy } from './helpers/cutting-proxy.js';
import { tusUpload } from './helpers/tus-client.js';

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const b64 = (value: string) => Buffer.from(value).toString('base64');
const TUS = { 'tus-resumable': '1.0.0' };

const MiB = 1024 * 1024;

/** `size` bytes of a deterministic pattern, chunk by chunk (never held whole). */
function* pattern(size: number): Generator<Buffer> {
  const chunk = Buffer.alloc(MiB);
  for (let i = 0; i < chunk.length; i++) chunk[i] = (i * 31 + 7) & 0xff;
  for (let sent = 0; sent < size; sent += chunk.length) yield chunk.subarray(0, Math.min(chunk.length, size - sent));
}

/** A raw PATCH streaming `size` pattern bytes (fetch would buffer nothing either, but wants a whole body or a web stream). */
function patchStream(url: string, offset: number, size: number): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = request(
      { host: target.hostname, port: target.port, path: target.pathname, method: 'PATCH', headers: { ...TUS, 'content-type': 'application/offset+octet-stream', 'upload-offset': String(offset), 'content-length': String(size) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      },
    );
    req.on('error', reject);
    pipeline(Readable.from(pattern(size)), req).catch(reject);
  });
}

describe('resumable uploads (tus 1.0) at /v1/files/tus, with tus-js-client', () => {
  let dir: string;
  let server: RunningServer | undefined;
  const config = (): StowageConfigInput => ({
    provider: 'local',
    providerOptions: { root: join(dir, 'uploads'), fsync: false },
    database: { client: 'sqlite', filename: join(dir, 'stowage.db') },
    buckets: TEST_BUCKETS,
    tus: { stagingDir: join(dir, 'staging'), sweepInterval: 0 },
    logLevel: 'silent',
    adminSecret: ADMIN_SECRET,
    orphanGracePeriod: 0,
    sizeLimit: 2048 * 1024 * 1024,
  });
  const start = async () => {
    await server?.close();
    server = await startServer({ config: config(), host: '127.0.0.1', port: 0 });
    return server;
  };
  const endpoint = () => `${server!.url}/v1/files/tus`;
  const idOf = (url: string) => decodeURIComponent(url.split('/').pop()!);
  const create = async (length: number, metadata: Record<string, string> = {}) => {
    const pairs = Object.entries({ filename: 'raw.bin', ...metadata }).map(([k, v]) => `${k} ${b64(v)}`);
    return fetch(endpoint(), { method: 'POST', headers: { ...TUS, 'upload-length': String(length), 'upload-metadata': pairs.join(',') } });
  };
  const staged = async () => (existsSync(join(dir, 'staging')) ? readdir(join(dir, 'staging')) : []);
  // provider-local keeps the parts itself (it declares `resumable`), under its reserved .stowage folder.
  const localParts = async () => (existsSync(join(dir, 'uploads', '.stowage', 'resumable')) ? readdir(join(dir, 'uploads', '.stowage', 'resumable')) : []);
  const partsOf = async (id: string) => {
    const row = (await server!.handler.context.store.db.selectFrom('stowage_tus_uploads' as never).select('handle' as never).where('id' as never, '=', id as never).executeTakeFirst()) as { handle: string | null } | undefined;
    const uploadId = row?.handle == null ? undefined : String((JSON.parse(row.handle) as { state: { id: string } }).state.id);
    return { uploadId, files: uploadId === undefined ? [] : (await localParts()).filter((name) => name.startsWith(uploadId)) };
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stowage-tus-'));
    await start();
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('advertises exactly what it supports in OPTIONS', async () => {
    const res = await fetch(endpoint(), { method: 'OPTIONS' });
    expect(res.status).toBe(204);
    expect(res.headers.get('tus-version')).toBe('1.0.0');
    expect(res.headers.get('tus-extension')?.split(',').sort()).toEqual(['checksum', 'creation', 'creation-defer-length', 'creation-with-upload', 'expiration', 'termination']);
    expect(res.headers.get('tus-checksum-algorithm')).toBe('sha1,sha256,md5');
    expect(Number(res.headers.get('tus-max-size'))).toBe(2048 * 1024 * 1024);
  });

  it('resumes a 64 MiB upload whose connection is cut at about half, and serves the exact bytes', async () => {
    const data = randomBytes(64 * 1024 * 1024);
    const proxy = await cuttingProxy(Number(new URL(server!.url).port), 32 * 1024 * 1024);
    try {
      const result = await tusUpload(`http://127.0.0.1:${proxy.port}/v1/files/tus`, data, { metadata: { bucketId: 'default', filename: 'sixty-four.bin' } });
      expect(proxy.cuts).toBe(1);
      // The retry resumed where the server's durable offset was, not from zero.
      expect(result.patchOffsets.length).toBeGreaterThanOrEqual(2);
      expect(result.patchOffsets.at(-1)).toBeGreaterThan(0);
      const id = idOf(result.url);
      const file = JSON.parse(result.fileHeader ?? 'null') as { id: string; size: number; etag: string; isUploaded: boolean; name: string };
      expect(file).toMatchObject({ id, size: data.length, etag: `"${sha256(data)}"`, isUploaded: true, name: 'sixty-four.bin' });
      const res = await fetch(`${server!.url}/v1/files/${id}`);
      expect(res.status).toBe(200);
      expect(sha256(new Uint8Array(await res.arrayBuffer()))).toBe(sha256(data));
      expect(await staged()).toEqual([]);
    } finally {
      await proxy.close();
    }
  });

  it('resumes across a server restart from the state in the database', async () => {
    const data = randomBytes(12 * 1024 * 1024);
    const stopped = (await tusUpload(endpoint(), data, { chunkSize: 4 * 1024 * 1024, stopAfter: 4 * 1024 * 1024 }).catch((e: unknown) => e)) as { url: string; accepted: number };
    expect(stopped.accepted).toBe(4 * 1024 * 1024);
    const id = idOf(stopped.url);
    expect((await server!.handler.context.store.getFile(id))?.isUploaded).toBe(false);
    await start();
    const resumed = await tusUpload(endpoint(), data, { chunkSize: 4 * 1024 * 1024, uploadUrl: `${endpoint()}/${id}` });
    expect(resumed.patchOffsets[0]).toBe(4 * 1024 * 1024);
    const res = await fetch(`${server!.url}/v1/files/${id}`);
    expect(sha256(new Uint8Array(await res.arrayBuffer()))).toBe(sha256(data));
  });

  it('stores a 1 GiB upload sent in 8 MiB PATCHes without the server’s memory growing with it', async () => {
    const size = 1024 * MiB;
    const expected = createHash('sha256');
    for (const chunk of pattern(size)) expected.update(chunk);
    const digest = expected.digest('hex');
    // A small upload first loads the modules and grows the pools any upload needs.
    const warm = (await create(16 * MiB)).headers.get('location')!;
    expect((await patchStream(warm, 0, 16 * MiB)).status).toBe(204);
    const location = (await create(size)).headers.get('location')!;
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    let last: Awaited<ReturnType<typeof patchStream>> | undefined;
    try {
      for (let offset = 0; offset < size; offset += 8 * MiB) {
        last = await patchStream(location, offset, 8 * MiB);
        expect(last.status).toBe(204);
      }
    } finally {
      clearInterval(sampler);
    }
    const file = JSON.parse(String(last!.headers['stowage-file'])) as { size: number; etag: string };
    expect(file).toMatchObject({ size, etag: `"${digest}"` });
    // Client and server share this process; both stream, so neither holds the file.
    const growth = (peak - baseline) / MiB;
    expect(growth, `RSS grew ${growth.toFixed(1)} MiB`).toBeLessThan(64);
  }, 180_000);

  it('refuses a PATCH whose checksum does not match (460) and keeps the offset; accepts the right one', async () => {
    const body = randomBytes(1000);
    const location = (await create(body.length)).headers.get('location')!;
    const patch = (checksum: string, offset = 0) =>
      fetch(location, { method: 'PATCH', headers: { ...TUS, 'content-type': 'application/offset+octet-stream', 'upload-offset': String(offset), 'upload-checksum': checksum }, body });
    expect((await patch(`sha1 ${createHash('sha1').update('other').digest('base64')}`)).status).toBe(460);
    expect((await fetch(location, { method: 'HEAD', headers: TUS })).headers.get('upload-offset')).toBe('0');
    expect((await patch(`crc32 AAAA`)).status).toBe(400);
    const ok = await patch(`sha1 ${createHash('sha1').update(body).digest('base64')}`);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('upload-offset')).toBe('1000');
    expect(JSON.parse(ok.headers.get('stowage-file')!)).toMatchObject({ size: 1000, etag: `"${sha256(body)}"` });
  });

  it('refuses a PATCH at the wrong offset (409) without changing the upload', async () => {
    const location = (await create(10)).headers.get('location')!;
    const res = await fetch(location, { method: 'PATCH', headers: { ...TUS, 'content-type': 'application/offset+octet-stream', 'upload-offset': '5' }, body: 'hello' });
    expect(res.status).toBe(409);
    expect((await fetch(location, { method: 'HEAD', headers: TUS })).headers.get('upload-offset')).toBe('0');
  });

  it("terminates an upload: its parts (kept by the provider) and its record go", async () => {
    const location = (await create(100)).headers.get('location')!;
    const id = idOf(location);
    await fetch(location, { method: 'PATCH', headers: { ...TUS, 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' }, body: 'x'.repeat(40) });
    const { uploadId, files } = await partsOf(id);
    expect(files.sort()).toEqual([`${uploadId}.json`, `${uploadId}.part`]);
    expect(await staged()).toEqual([]);
    expect((await fetch(location, { method: 'DELETE', headers: TUS })).status).toBe(204);
    expect((await localParts()).filter((name) => name.startsWith(uploadId!))).toEqual([]);
    expect(await server!.handler.context.store.getFile(id)).toBeUndefined();
    expect((await fetch(location, { method: 'HEAD', headers: TUS })).status).toBe(404);
  });

  it("checks the bucket's rules at creation, before a byte, with a record from then on", async () => {
    const big = await create(65 * 1024, { bucketId: 'images', contentType: 'image/png' });
    expect(big.status).toBe(413);
    expect(await big.text()).toMatch(/Upload-Length.*at most 65536 bytes/);
    const wrongType = await create(10, { bucketId: 'images', contentType: 'text/plain' });
    expect(wrongType.status).toBe(415);
    expect(await wrongType.text()).toMatch(/contentType/);
    const noBucket = await create(10, { bucketId: 'nope' });
    expect(noBucket.status).toBe(400);
    expect(await noBucket.text()).toMatch(/bucketId.*"nope"/);
    const badId = await create(10, { id: '../etc' });
    expect(badId.status).toBe(400);
    const ok = await create(10, { id: 'tus-custom-id', metadata: JSON.stringify({ kind: 'test' }) });
    expect(ok.status).toBe(201);
    expect(ok.headers.get('location')).toBe(`${endpoint()}/tus-custom-id`);
    expect(await server!.handler.context.store.getFile('tus-custom-id')).toMatchObject({ isUploaded: false, metadata: { kind: 'test' } });
    expect((await fetch(`${server!.url}/v1/files/tus-custom-id`)).status).toBeGreaterThanOrEqual(400);
  });

  it('takes a deferred length, and refuses bytes past the bucket bound as they arrive', async () => {
    const pairs = `filename ${b64('d.png')},bucketId ${b64('images')},contentType ${b64('image/png')}`;
    const res = await fetch(endpoint(), { method: 'POST', headers: { ...TUS, 'upload-defer-length': '1', 'upload-metadata': pairs } });
    expect(res.status).toBe(201);
    const location = res.headers.get('location')!;
    const tooMuch = await fetch(location, { method: 'PATCH', headers: { ...TUS, 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' }, body: randomBytes(70 * 1024) });
    expect(tooMuch.status).toBe(413);
  });

  it('lets only the creator (or the admin) continue an upload, and refuses anonymous creations where the bucket needs a user', async () => {
    const dirOf = await mkdtemp(join(tmpdir(), 'stowage-tus-auth-'));
    const authed = await startServer({
      config: { ...config(), providerOptions: { root: join(dirOf, 'uploads') }, database: { client: 'sqlite', filename: join(dirOf, 'db') }, tus: { stagingDir: join(dirOf, 'staging'), sweepInterval: 0 } },
      resolveUser: (req) => (typeof req.headers['x-user'] === 'string' ? req.headers['x-user'] : null),
      host: '127.0.0.1',
      port: 0,
    });
    try {
      const url = `${authed.url}/v1/files/tus`;
      const anonymous = await fetch(url, { method: 'POST', headers: { ...TUS, 'upload-length': '5' } });
      expect(anonymous.status).toBe(401);
      const created = await fetch(url, { method: 'POST', headers: { ...TUS, 'upload-length': '5', 'x-user': 'alice' } });
      expect(created.status).toBe(201);
      const location = created.headers.get('location')!;
      const patch = (headers: Record<string, string>) => fetch(location, { method: 'PATCH', headers: { ...TUS, 'content-type': 'application/offset+octet-stream', 'upload-offset': '0', ...headers }, body: 'hello' });
      expect((await patch({ 'x-user': 'mallory' })).status).toBe(403);
      expect((await fetch(location, { method: 'DELETE', headers: { ...TUS, 'x-user': 'mallory' } })).status).toBe(403);
      expect((await patch({ 'x-user': 'alice' })).status).toBe(204);
      expect((await authed.handler.context.store.getFile(idOf(location)))).toMatchObject({ isUploaded: true, uploadedByUserId: 'alice' });
    } finally {
      await authed.close();
      await rm(dirOf, { recursive: true, force: true });
    }
  });

  it('leaves uploads in progress to the tus family, and sweeps them once expired', async () => {
    const location = (await create(100)).headers.get('location')!;
    const id = idOf(location);
    await fetch(location, { method: 'PATCH', headers: { ...TUS, 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' }, body: 'x'.repeat(40) });
    const { uploadId, files } = await partsOf(id);
    expect(files).toHaveLength(2);
    const admin = { 'x-stowage-admin-secret': ADMIN_SECRET };
    const listed = (await (await fetch(`${server!.url}/v1/ops/list-not-uploaded`, { method: 'POST', headers: admin })).json()) as { metadata: Array<{ id: string }> };
    expect(listed.metadata.map((m) => m.id)).not.toContain(id);
    // Two days ago: past the default expiry of a day.
    await server!.handler.context.store.db
      .updateTable('stowage_tus_uploads' as never)
      .set({ created_at: new Date(Date.now() - 2 * 86_400_000).toISOString() } as never)
      .where('id' as never, '=', id as never)
      .execute();
    const swept = (await (await fetch(`${server!.url}/v1/ops/delete-not-uploaded`, { method: 'POST', headers: admin })).json()) as { metadata: Array<{ id: string }> };
    expect(swept.metadata.map((m) => m.id)).toContain(id);
    expect((await localParts()).filter((name) => name.startsWith(uploadId!))).toEqual([]);
    expect((await fetch(location, { method: 'HEAD', headers: TUS })).status).toBe(404);
  });
});

import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Provider } from '@stowage/core';
import azure from '@stowage/provider-upload-azure';
import { startAzurite, type AzuriteServer } from '@stowage/test-servers/azurite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StowageConfigInput } from '../src/config/schema.js';
import { startServer, type RunningServer } from '../src/server.js';
import { complete, declare, declareOk, send, tampered } from './helpers/direct-client.js';
import { freshS3Bucket } from './helpers/s3.js';
import { ADMIN_SECRET } from './helpers/test-server.js';

type Storage = Pick<StowageConfigInput, 'provider' | 'providerOptions'>;

let dir: string;
let azurite: AzuriteServer;
const servers: RunningServer[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stowage-direct-'));
  azurite = await startAzurite({ resolveFrom: fileURLToPath(new URL('../package.json', import.meta.url)) });
});
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  await azurite?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function start(storage: Storage, extra: Partial<StowageConfigInput> = {}): Promise<RunningServer> {
  const at = join(dir, randomBytes(4).toString('hex'));
  const server = await startServer({
    config: {
      provider: 'local',
      providerOptions: { root: join(at, 'uploads') },
      ...storage,
      database: { client: 'sqlite', filename: join(`${at}.db`) },
      buckets: { images: { allowedMimeTypes: ['image/*'] }, small: { maxUploadFileSize: 1000, minUploadFileSize: 2 } },
      sizeLimit: 1024 * 1024,
      adminSecret: ADMIN_SECRET,
      orphanGracePeriod: 0,
      logLevel: 'silent',
      ...extra,
    },
    host: '127.0.0.1',
    port: 0,
  });
  servers.push(server);
  return server;
}

const sha = (bytes: Uint8Array) => `"${createHash('sha256').update(bytes).digest('hex')}"`;
const admin = { 'x-stowage-admin-secret': ADMIN_SECRET };
const op = async (server: RunningServer, name: string) => (await (await fetch(`${server.url}/v1/ops/${name}`, { method: 'POST', headers: admin })).json()) as { metadata: { id: string }[] };
const record = (server: RunningServer, id: string) => server.handler.context.store.getFile(id);

/** The flow a browser goes through, and the ways it goes wrong, on one backend. */
function directSuite(label: string, storage: () => Promise<Storage>, expected: { method: 'PUT' | 'POST'; enforcesMaxSize: boolean }) {
  describe(`direct uploads, ${label}`, () => {
    let server: RunningServer;
    let short: RunningServer;
    beforeAll(async () => {
      server = await start(await storage());
      short = await start(await storage(), { direct: { expiresIn: 1 } });
    });

    it('declares, takes the bytes straight to storage, completes, and serves them back', async () => {
      const bytes = randomBytes(50_000);
      const answer = await declareOk(server.url, { bucketId: 'default', name: 'direct.bin', size: bytes.length, mimeType: 'application/octet-stream', metadata: { via: 'direct' } });
      expect(answer.upload.method).toBe(expected.method);
      expect(answer.enforcesMaxSize).toBe(expected.enforcesMaxSize);
      expect(new Date(answer.expiresAt).getTime()).toBeGreaterThan(Date.now());
      expect((await record(server, answer.id))?.isUploaded).toBe(false);
      const sent = await send(answer, bytes);
      expect(sent.status, await sent.clone().text()).toBeLessThan(300);
      const done = await complete(server.url, answer.id);
      expect(done.status, JSON.stringify(done.body)).toBe(200);
      expect(done.body).toMatchObject({ id: answer.id, name: 'direct.bin', size: bytes.length, bucketId: 'default', isUploaded: true, mimeType: 'application/octet-stream', etag: sha(bytes), metadata: { via: 'direct' } });
      const res = await fetch(`${server.url}/v1/files/${answer.id}`);
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
      expect(res.headers.get('etag')).toBe(sha(bytes));

      const again = await complete(server.url, answer.id);
      expect(again.status).toBe(409);
      expect(again.xError).toBe(`File "${answer.id}" is already complete`);
      // The signed request, sent again after completion, cannot change what the record points at.
      await send(answer, randomBytes(bytes.length)).then((r) => r.arrayBuffer());
      const after = await fetch(`${server.url}/v1/files/${answer.id}`);
      expect(Buffer.from(await after.arrayBuffer()).equals(bytes)).toBe(true);
    });

    it('refuses a tampered signature and stores nothing; completing early keeps the declaration', async () => {
      const bytes = randomBytes(1000);
      const answer = await declareOk(server.url, { name: 'tampered.bin', size: bytes.length, mimeType: 'application/octet-stream' });
      const refused = await send(answer, bytes, tampered(answer.upload));
      expect(refused.status).toBeGreaterThanOrEqual(400);
      expect(refused.status).toBeLessThan(500);
      const early = await complete(server.url, answer.id);
      expect(early.status).toBe(409);
      expect(String(early.xError)).toMatch(/Nothing has been uploaded/);
      // The genuine request still works afterwards.
      expect((await send(answer, bytes)).status).toBeLessThan(300);
      expect((await complete(server.url, answer.id)).status).toBe(200);
    });

    it('refuses an expired signature and stores nothing; the sweep removes the declaration after its expiry', async () => {
      const bytes = randomBytes(500);
      const answer = await declareOk(short.url, { name: 'late.bin', size: bytes.length, mimeType: 'application/octet-stream' });
      const live = await declareOk(server.url, { name: 'waiting.bin', size: 1, mimeType: 'application/octet-stream' });
      await new Promise((resolve) => setTimeout(resolve, 2200));
      const refused = await send(answer, bytes);
      expect(refused.status).toBeGreaterThanOrEqual(400);
      expect(refused.status).toBeLessThan(500);
      expect((await complete(short.url, answer.id)).status).toBe(409);
      expect((await op(short, 'delete-not-uploaded')).metadata.map((m) => m.id)).toContain(answer.id);
      expect(await record(short, answer.id)).toBeUndefined();
      expect((await complete(short.url, answer.id)).status).toBe(404);
      // A declaration whose URL is still valid is not swept, however old.
      expect((await op(server, 'list-not-uploaded')).metadata.map((m) => m.id)).not.toContain(live.id);
    });

    it('refuses a body larger than declared, at the backend where it can, else at completion, deleting it', async () => {
      const answer = await declareOk(server.url, { name: 'big.bin', size: 1000, mimeType: 'application/octet-stream' });
      const sent = await send(answer, randomBytes(1500));
      if (expected.enforcesMaxSize) {
        expect(sent.status).toBeGreaterThanOrEqual(400);
        expect((await complete(server.url, answer.id)).status).toBe(409);
        return;
      }
      expect(sent.status).toBeLessThan(300);
      const storageKey = (await record(server, answer.id))!.storageKey;
      const done = await complete(server.url, answer.id);
      expect(done.status).toBe(400);
      expect(done.xError).toBe('The uploaded content is 1500 bytes but the upload declared size 1000; the upload was deleted');
      expect(done.body).toMatchObject({ error: { data: { code: 'INVALID_INPUT', field: 'size', declared: 1000, stored: 1500 } } });
      expect(await record(server, answer.id)).toBeUndefined();
      const backend = server.handler.context.backends.server.provider as Provider & { exists(key: string): Promise<boolean> };
      expect(await backend.exists(storageKey)).toBe(false);
    });

    it('refuses content whose magic bytes contradict the declared MIME type, deleting it', async () => {
      const pdf = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
      const answer = await declareOk(server.url, { name: 'notes.txt', size: pdf.length, mimeType: 'text/plain' });
      expect((await send(answer, pdf)).status).toBeLessThan(300);
      const done = await complete(server.url, answer.id);
      expect(done.status).toBe(400);
      expect(done.xError).toBe('The uploaded content is application/pdf but the upload declared mimeType text/plain; the upload was deleted');
      expect(await record(server, answer.id)).toBeUndefined();
      expect((await fetch(`${server.url}/v1/files/${answer.id}`)).status).toBe(404);
    });
  });
}

directSuite('provider-local, the embedded default (the server signs and takes the PUT)', async () => ({}), { method: 'PUT', enforcesMaxSize: true });
directSuite('aws-s3 on Ceph, presigned POST', async () => freshS3Bucket(), { method: 'POST', enforcesMaxSize: true });
directSuite('aws-s3 on Ceph, presigned PUT', async () => {
  const s3 = await freshS3Bucket();
  return { ...s3, providerOptions: { ...(s3.providerOptions as object), signedUploadMethod: 'PUT' } };
}, { method: 'PUT', enforcesMaxSize: false });
directSuite('azure on Azurite', async () => ({ provider: azure, providerOptions: { connectionString: azurite.connectionString, container: `direct-${randomBytes(4).toString('hex')}`, createContainerIfMissing: true } }), { method: 'PUT', enforcesMaxSize: false });

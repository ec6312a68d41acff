import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../src/server.js';
import { complete, declareOk, send } from './helpers/direct-client.js';
import { createAPIClient } from './helpers/nhost.js';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

describe('provider-local configured with signing', () => {
  let dir: string;
  let server: RunningServer;
  let baseUrl: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stowage-local-signing-'));
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}/signed`;
    server = await startServer({
      config: {
        providerOptions: { root: dir, signing: { secret: 'a-local-signing-secret-of-32-chars!!', baseUrl } },
        database: { client: 'sqlite', filename: ':memory:' },
        logLevel: 'silent',
      },
      host: '127.0.0.1',
      port,
    });
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('hands out provider-local’s own signed URLs and serves them with its handler', async () => {
    const client = createAPIClient(`${server.url}/v1`);
    const up = await client.uploadFiles({ 'file[]': [new File(['signed by the provider'], 'local.txt', { type: 'text/plain' })] });
    const id = up.body.processedFiles[0]!.id;
    const { body } = await client.getFilePresignedURL(id);
    expect(body.url.startsWith(`${baseUrl}/default/${id}.`)).toBe(true);
    const res = await fetch(body.url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('signed by the provider');
    expect(res.headers.get('content-disposition')).toBe(`inline; filename="local.txt"; filename*=UTF-8''local.txt`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const tampered = body.url.replace(/signature=([^&]{4})/, 'signature=AAAA');
    expect((await fetch(tampered)).status).toBe(403);
    // A download's signature grants no upload; signed uploads are only for pending direct uploads.
    const put = await fetch(body.url, { method: 'PUT', body: 'overwrite' });
    expect(put.status).toBe(403);
    expect(await (await fetch(body.url)).text()).toBe('signed by the provider');
  });

  it('takes direct uploads at its own signed URLs, once, and only for pending declarations', async () => {
    const bytes = Buffer.from('straight to the signed handler');
    const answer = await declareOk(server.url, { name: 'direct.txt', size: bytes.length, mimeType: 'text/plain' });
    expect(answer.upload.url.startsWith(`${baseUrl}/default/${answer.id}.`)).toBe(true);
    expect((await send(answer, bytes)).status).toBe(200);
    const done = await complete(server.url, answer.id);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ size: bytes.length, mimeType: 'text/plain', isUploaded: true });
    // Completed: the same signed request may not overwrite the checked bytes.
    expect((await send(answer, Buffer.from('overwritten after the check!!!'))).status).toBe(403);
    expect(await (await fetch(`${server.url}/v1/files/${answer.id}`)).text()).toBe('straight to the signed handler');
  });
});

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { isStowageError, supports } from '@stowage/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStowageHandler, defaultRoutes } from '../src/handler.js';
import { createLogger } from '../src/logger.js';
import { openApiDocument } from '../src/routes/openapi-document.js';
import { startServer } from '../src/server.js';
import { createStore } from '../src/store/create-store.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stowage-system-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const SECRET = 'admin-secret-that-must-not-leak';
const SIGNING = 'signing-secret-that-must-not-leak-0123456789';

describe('operations', () => {
  it('serves /healthz (provider and database), and answers 503 when the database fails', async () => {
    const store = createStore({ client: 'sqlite', filename: join(dir, 'health.db') });
    let failing = false;
    const ping = store.ping.bind(store);
    store.ping = async () => (failing ? Promise.reject(new Error('database down')) : ping());
    const server = await startServer({ config: { providerOptions: { root: join(dir, 'health') }, logLevel: 'silent' }, store, host: '127.0.0.1', port: 0 });
    try {
      const ok = await fetch(`${server.url.replace('localhost', '127.0.0.1')}/healthz`);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ status: 'ok', checks: { provider: 'ok', database: 'ok' } });
      failing = true;
      const down = await fetch(`${server.url}/healthz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ status: 'unavailable', checks: { provider: 'ok', database: 'failing' } });
    } finally {
      await server.close();
    }
  });

  it('serves the OpenAPI document, covering every route; 404 and 405 name the problem', async () => {
    const server = await startServer({ config: { providerOptions: { root: join(dir, 'openapi') }, database: { client: 'sqlite', filename: ':memory:' }, logLevel: 'silent' }, host: '127.0.0.1', port: 0 });
    try {
      const res = await fetch(`${server.url}/openapi.json`);
      expect(res.status).toBe(200);
      const doc = (await res.json()) as typeof openApiDocument;
      expect(doc.openapi).toBe('3.0.3');
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/files', '/v1/files/{id}', '/v1/files/{id}/presignedurl', '/v1/ops/list-orphans', '/healthz']));
      const wrong = await fetch(`${server.url}/v1/files`, { method: 'DELETE' });
      expect(wrong.status).toBe(405);
      expect(wrong.headers.get('allow')).toBe('POST');
      const missing = await fetch(`${server.url}/v2/files`);
      expect(missing.status).toBe(404);
      const notMultipart = await fetch(`${server.url}/v1/files`, { method: 'POST', body: 'x', headers: { 'content-type': 'text/plain' } });
      expect(notMultipart.status).toBe(415);
      expect(await notMultipart.json()).toEqual({ processedFiles: [], error: { message: 'Invalid Content-Type: expected multipart/form-data with a boundary', data: { code: 'UNSUPPORTED_MEDIA_TYPE' } } });
    } finally {
      await server.close();
    }
  });

  it('documents every route the server mounts, Strapi’s included, as JSON and as YAML at Nhost’s path', async () => {
    const server = await startServer({ config: { providerOptions: { root: join(dir, 'openapi-all') }, database: { client: 'sqlite', filename: ':memory:' }, logLevel: 'silent' }, host: '127.0.0.1', port: 0 });
    try {
      const doc = openApiDocument as unknown as { paths: Record<string, Record<string, unknown>> };
      // provider-local's signed-URL route lives at the path of its configured `signing.baseUrl`, so no fixed
      // document can name it; every other wildcard route is documented with its rest as `{key}`.
      const mounted = defaultRoutes(server.handler.context).flatMap((family) =>
        family.routes.filter((r) => !(family.name === 'local-signed' && r.path.endsWith('/*'))).map((r) => ({ family: family.name, ...r, path: r.path.replace(/\/\*$/, '/{key}') })),
      );
      expect(mounted.map((r) => r.path)).toContain('/v1/files/direct/upload/{key}');
      expect(mounted.map((r) => r.path)).toEqual(expect.arrayContaining(['/upload', '/api/upload/files/:id', '/v1/files', '/v1/openapi.yaml']));
      const missing = mounted.flatMap((r) => r.methods.map((m) => `${m} ${r.path}`)).filter((line) => {
        const [method = '', path = ''] = line.split(' ');
        return doc.paths[path.replace(/:([a-zA-Z]+)/g, '{$1}')]?.[method.toLowerCase()] === undefined;
      });
      expect(missing).toEqual([]);
      const { Validator } = await import('@seriousme/openapi-schema-validator');
      const validation = await new Validator().validate(structuredClone(openApiDocument) as never);
      expect(validation.errors ?? []).toEqual([]);
      expect(validation.valid).toBe(true);

      const yaml = await fetch(`${server.url}/v1/openapi.yaml`);
      expect(yaml.status).toBe(200);
      expect(yaml.headers.get('content-type')).toMatch(/^application\/yaml/);
      const { parse } = await import('yaml');
      expect(parse(await yaml.text())).toEqual(await (await fetch(`${server.url}/openapi.json`)).json());
    } finally {
      await server.close();
    }
  });

  it('answers the installed package version at /v1/version and in the document', async () => {
    const { version } = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    const server = await startServer({ config: { providerOptions: { root: join(dir, 'version') }, database: { client: 'sqlite', filename: ':memory:' }, logLevel: 'silent' }, host: '127.0.0.1', port: 0 });
    try {
      expect(await (await fetch(`${server.url}/v1/version`)).json()).toEqual({ buildVersion: version });
      expect(openApiDocument.info.version).toBe(version);
    } finally {
      await server.close();
    }
  });

  it('logs structured request lines without secrets, signatures or file contents', async () => {
    let logs = '';
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs += chunk.toString();
        done();
      },
    });
    const server = await startServer({
      config: { providerOptions: { root: join(dir, 'logs') }, database: { client: 'sqlite', filename: ':memory:' }, adminSecret: SECRET, signingSecret: SIGNING },
      logger: createLogger('info', sink),
      host: '127.0.0.1',
      port: 0,
    });
    try {
      const form = new FormData();
      form.append('file[]', new File(['TOP-SECRET-FILE-CONTENT'], 'secret.txt', { type: 'text/plain' }));
      const up = (await (await fetch(`${server.url}/v1/files`, { method: 'POST', body: form })).json()) as { processedFiles: { id: string }[] };
      const id = up.processedFiles[0]!.id;
      const { url } = (await (await fetch(`${server.url}/v1/files/${id}/presignedurl`)).json()) as { url: string };
      expect((await fetch(url)).status).toBe(200);
      expect((await fetch(`${server.url}/v1/ops/list-orphans`, { method: 'POST', headers: { 'x-hasura-admin-secret': SECRET } })).status).toBe(200);
      expect((await fetch(`${server.url}/v1/ops/list-orphans`, { method: 'POST', headers: { 'x-hasura-admin-secret': 'wrong-secret-xxxxxxxx' } })).status).toBe(401);
    } finally {
      await server.close();
    }
    const lines = logs.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => l.msg === 'request').map((l) => [l.method, l.path, l.status])).toEqual([
      ['POST', '/v1/files', 201],
      ['GET', expect.stringMatching(/^\/v1\/files\/[^/]+\/presignedurl$/), 200],
      ['GET', expect.stringMatching(/\/presignedurl\/contents$/), 200],
      ['POST', '/v1/ops/list-orphans', 200],
      ['POST', '/v1/ops/list-orphans', 401],
    ]);
    expect(logs).not.toContain(SECRET);
    expect(logs).not.toContain(SIGNING);
    expect(logs).not.toContain('signature=');
    expect(logs).not.toContain('TOP-SECRET-FILE-CONTENT');
  });
});

describe('hooks and action options', () => {
  it('records the user resolveUser returns, and merges actionOptions.upload into provider uploads', async () => {
    const server = await startServer({
      config: {
        providerOptions: { root: join(dir, 'hooks') },
        database: { client: 'sqlite', filename: ':memory:' },
        logLevel: 'silent',
        actionOptions: { upload: { metadata: { origin: 'stowage-test' }, cacheControl: 'no-cache' } },
      },
      resolveUser: (req) => (req.headers['x-test-user'] as string | undefined) ?? null,
      host: '127.0.0.1',
      port: 0,
    });
    try {
      const form = new FormData();
      form.append('file[]', new File(['mine'], 'mine.txt', { type: 'text/plain' }));
      const res = await fetch(`${server.url}/v1/files`, { method: 'POST', body: form, headers: { 'x-test-user': 'user-42' } });
      const file = ((await res.json()) as { processedFiles: { id: string; uploadedByUserId: string | null }[] }).processedFiles[0]!;
      expect(file.uploadedByUserId).toBe('user-42');
      const { provider, store } = server.handler.context;
      const record = await store.getFile(file.id);
      if (!supports(provider, 'stat')) throw new Error('provider-local has stat');
      const stat = await provider.stat(record!.storageKey);
      expect(stat.metadata).toEqual({ origin: 'stowage-test' });
      expect(stat.cacheControl).toBe('no-cache');
      expect(stat.contentType).toBe('text/plain');
    } finally {
      await server.close();
    }
  });
});

describe('start-up validation', () => {
  it('refuses a bad configuration, naming each setting and what was expected', async () => {
    const error = await createStowageHandler({
      config: { sizeLimit: -1, buckets: { ok: { allowedMimeTypes: ['not a type'] }, 'Bad Id': {} }, mimeTypeMismatch: 'maybe', surprise: true } as never,
    }).catch((e: unknown) => e);
    expect(isStowageError(error, 'INVALID_OPTIONS')).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain('sizeLimit');
    expect(message).toContain('buckets.ok.allowedMimeTypes.0: must be a MIME type');
    expect(message).toContain('buckets.Bad Id: bucket ids must match');
    expect(message).toContain('mimeTypeMismatch');
    expect(message).toMatch(/surprise/);
  });

  it('runs the provider check at start and fails with its message', async () => {
    const error = await createStowageHandler({
      config: { providerOptions: { root: join(dir, 'missing', 'root'), createRoot: false }, database: { client: 'sqlite', filename: ':memory:' }, logLevel: 'silent' },
    }).catch((e: unknown) => e);
    expect(isStowageError(error)).toBe(true);
    expect((error as Error).message).toMatch(/Provider "local" failed its start-up check/);
  });

  it('names an unknown provider and the packages it tried', async () => {
    const error = await createStowageHandler({ config: { provider: 'nonexistent-backend', providerOptions: {}, logLevel: 'silent' } }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/Invalid provider: Provider "nonexistent-backend" not found; tried "@stowage\/provider-upload-nonexistent-backend", "stowage-provider-upload-nonexistent-backend"/);
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAPIClient } from './helpers/nhost.js';
import express from 'express';
import Fastify from 'fastify';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStowageHandler, type StowageHandler, type StowageHandlerOptions } from '../src/handler.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stowage-frameworks-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function options(name: string, extra: Partial<StowageHandlerOptions> = {}): StowageHandlerOptions {
  return {
    config: { providerOptions: { root: join(dir, name, 'uploads'), fsync: false }, database: { client: 'sqlite', filename: join(dir, name, 'db.sqlite') }, logLevel: 'silent' },
    ...extra,
  };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Upload, download, presigned link and delete through the handler mounted at `${origin}/storage`. */
async function exercise(origin: string): Promise<void> {
  const client = createAPIClient(`${origin}/storage/v1`);
  const up = await client.uploadFiles({ 'file[]': [new File(['mounted!'], 'm.txt', { type: 'text/plain' })] });
  expect(up.status).toBe(201);
  const id = up.body.processedFiles[0]!.id;
  expect(await (await client.getFile(id)).body.text()).toBe('mounted!');
  const { body } = await client.getFilePresignedURL(id);
  expect(body.url.startsWith(`${origin}/storage/v1/files/${id}/presignedurl/contents?`)).toBe(true);
  expect(await (await fetch(body.url)).text()).toBe('mounted!');
  expect((await client.deleteFile(id)).status).toBe(204);
}

describe('mounting the handler', () => {
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const close of closers) await close();
  });
  const track = (handler: StowageHandler, server: Server) =>
    closers.push(async () => {
      await new Promise((resolve) => server.close(resolve));
      await handler.close();
    });

  it('plain node:http, with basePath', async () => {
    const handler = await createStowageHandler(options('http', { basePath: '/storage' }));
    const server = createServer(handler);
    track(handler, server);
    const origin = await listen(server);
    await exercise(origin);
    const missing = await fetch(`${origin}/storage/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { message: 'No route for GET /nope', data: { code: 'NOT_FOUND' } } });
  });

  it('Express: app.use(prefix, handler), unknown paths fall through to next()', async () => {
    const handler = await createStowageHandler(options('express'));
    const app = express();
    app.use('/storage', handler);
    app.get('/storage/other', (_req, res) => {
      res.send('express route');
    });
    const server = createServer(app);
    track(handler, server);
    const origin = await listen(server);
    await exercise(origin);
    expect(await (await fetch(`${origin}/storage/other`)).text()).toBe('express route');
  });

  it('Fastify: a wildcard route that hands over the raw request (body left unparsed)', async () => {
    const handler = await createStowageHandler(options('fastify', { basePath: '/storage' }));
    const app = Fastify();
    // Fastify must not read bodies itself: the handler streams them.
    app.addContentTypeParser('*', (_request, _payload, done) => done(null));
    app.all('/storage/*', (request, reply) => {
      reply.hijack();
      handler(request.raw, reply.raw);
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    closers.push(async () => {
      await app.close();
      await handler.close();
    });
    await exercise(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`);
  });

  it('Koa: a middleware that sets ctx.respond = false', async () => {
    const handler = await createStowageHandler(options('koa', { basePath: '/storage' }));
    const app = new Koa();
    app.use(async (ctx, next) => {
      if (!ctx.path.startsWith('/storage/')) return next();
      ctx.respond = false;
      handler(ctx.req, ctx.res);
    });
    app.use((ctx) => {
      ctx.body = 'koa route';
    });
    const server = createServer(app.callback());
    track(handler, server);
    const origin = await listen(server);
    await exercise(origin);
    expect(await (await fetch(`${origin}/elsewhere`)).text()).toBe('koa route');
  });
});

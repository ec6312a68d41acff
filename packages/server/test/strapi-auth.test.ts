import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../src/server.js';

describe('Strapi /upload under the server auth rules (a resolveUser hook: uploads need a user, files are their owner\'s)', () => {
  let server: RunningServer;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stowage-strapi-auth-'));
    server = await startServer({
      config: { providerOptions: { root: join(dir, 'uploads') }, database: { client: 'sqlite', filename: ':memory:' }, logLevel: 'silent' },
      host: '127.0.0.1',
      port: 0,
      resolveUser: (req) => (typeof req.headers['x-test-user'] === 'string' ? req.headers['x-test-user'] : null),
    });
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const upload = async (user: string | undefined, name: string) => {
    const form = new FormData();
    form.append('files', new Blob([name], { type: 'text/plain' }), name);
    const res = await fetch(`${server.url}/api/upload`, { method: 'POST', body: form, headers: user === undefined ? {} : { 'x-test-user': user } });
    return { status: res.status, body: await res.json() };
  };
  const as = (user: string) => ({ headers: { 'x-test-user': user } });

  it('refuses anonymous uploads with a Strapi 401, and lets users work on their own files only', async () => {
    const anonymous = await upload(undefined, 'anon.txt');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ data: null, error: { status: 401, name: 'UnauthorizedError' } });

    const alice = (await upload('alice', 'alice.txt')).body[0];
    const bob = (await upload('bob', 'bob.txt')).body[0];
    const list = async (user: string) => (await (await fetch(`${server.url}/api/upload/files`, as(user))).json()).map((f: { id: number }) => f.id);
    expect(await list('alice')).toEqual([alice.id]);
    expect(await list('bob')).toEqual([bob.id]);
    expect((await fetch(`${server.url}/api/upload/files`)).status).toBe(401);

    const peek = await fetch(`${server.url}/api/upload/files/${alice.id}`, as('bob'));
    expect(peek.status).toBe(403);
    expect(await peek.json()).toMatchObject({ data: null, error: { status: 403, name: 'ForbiddenError' } });
    expect((await fetch(`${server.url}/api/upload/files/${alice.id}`, { method: 'DELETE', ...as('bob') })).status).toBe(403);
    const form = new FormData();
    form.append('fileInfo', JSON.stringify({ caption: 'mine now' }));
    expect((await fetch(`${server.url}/api/upload?id=${alice.id}`, { method: 'POST', body: form, ...as('bob') })).status).toBe(403);
    expect((await fetch(`${server.url}/api/upload/files/${alice.id}`, { method: 'DELETE', ...as('alice') })).status).toBe(200);
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authSchema } from '../src/auth/auth-config.js';
import { authorize, ruleFor, type Action } from '../src/auth/authorize.js';
import { admin, anonymous, type Principal } from '../src/auth/principal.js';
import { startServer } from '../src/server.js';
import { hasuraClaims, hsToken, JWT_SECRET } from './helpers/auth-tokens.js';

const user = (id: string, role = 'user'): Principal => ({ kind: 'user', userId: id, role, allowedRoles: [role] });
const mine = { uploadedByUserId: 'u1' };
const theirs = { uploadedByUserId: 'u2' };
const orphan = { uploadedByUserId: null };

/** The status `authorize` answers (200 when allowed). */
function verdict(auth: unknown, mode: 'jwt' | 'off', principal: Principal, action: Action, bucket = 'default', record?: { uploadedByUserId: string | null }): number {
  try {
    authorize({ config: { auth: authSchema.parse(auth) }, auth: { mode }, principal }, action, bucket, record);
    return 200;
  } catch (error) {
    return (error as { status: number }).status;
  }
}

describe('authorize', () => {
  it('safe defaults with auth on: uploads need a user, the rest the owner; anonymous gets 401, others 403', () => {
    expect(verdict({}, 'jwt', anonymous('anonymous'), 'upload')).toBe(401);
    expect(verdict({}, 'jwt', user('u1'), 'upload')).toBe(200);
    for (const action of ['read', 'replace', 'delete'] as const) {
      expect(verdict({}, 'jwt', user('u1'), action, 'default', mine), action).toBe(200);
      expect(verdict({}, 'jwt', user('u1'), action, 'default', theirs), action).toBe(403);
      expect(verdict({}, 'jwt', user('u1'), action, 'default', orphan), action).toBe(403);
      expect(verdict({}, 'jwt', anonymous('anonymous'), action, 'default', mine), action).toBe(401);
      expect(verdict({}, 'jwt', admin(null), action, 'default', theirs), action).toBe(200);
    }
  });

  it('public, authenticated and role lists, per bucket and action, falling back to auth.permissions', () => {
    const auth = { permissions: { read: 'authenticated' }, buckets: { avatars: { read: 'public', upload: ['editor', 'anonymous'] } } };
    expect(verdict(auth, 'jwt', anonymous('anonymous'), 'read', 'avatars', theirs)).toBe(200);
    expect(verdict(auth, 'jwt', anonymous('anonymous'), 'read', 'default', theirs)).toBe(401);
    expect(verdict(auth, 'jwt', user('u1'), 'read', 'default', theirs)).toBe(200);
    expect(verdict(auth, 'jwt', user('u1'), 'upload', 'avatars')).toBe(403);
    expect(verdict(auth, 'jwt', user('u1', 'editor'), 'upload', 'avatars')).toBe(200);
    expect(verdict(auth, 'jwt', anonymous('anonymous'), 'upload', 'avatars')).toBe(200);
    expect(verdict(auth, 'jwt', anonymous('guest'), 'upload', 'avatars')).toBe(401);
    expect(verdict(auth, 'jwt', user('u1'), 'delete', 'avatars', theirs)).toBe(403);
    expect(ruleFor({ config: { auth: authSchema.parse(auth) }, auth: { mode: 'jwt' } }, 'replace', 'avatars')).toBe('owner');
  });

  it('with auth off, rules default to public (explicit rules still apply)', () => {
    expect(verdict({}, 'off', anonymous('anonymous'), 'delete', 'default', theirs)).toBe(200);
    expect(verdict({ buckets: { locked: { read: ['staff'] } } }, 'off', anonymous('anonymous'), 'read', 'locked', orphan)).toBe(401);
  });

  it('refuses malformed rules, naming them', () => {
    expect(() => authSchema.parse({ permissions: { read: 'everyone' } })).toThrow(/public.*authenticated.*owner/);
    expect(() => authSchema.parse({ permissions: { read: [] } })).toThrow();
    expect(() => authSchema.parse({ permissions: { list: 'public' } })).toThrow();
  });
});

describe('auth end to end', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stowage-auth-perm-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a public-read bucket serves anonymous downloads; uploads there still need the rule', async () => {
    const server = await startServer({
      config: {
        providerOptions: { root: join(dir, 'public') },
        database: { client: 'sqlite', filename: ':memory:' },
        logLevel: 'silent',
        buckets: { avatars: {} },
        auth: { jwt: { secret: JWT_SECRET }, buckets: { avatars: { read: 'public' } } },
      },
      host: '127.0.0.1',
      port: 0,
    });
    try {
      const token = await hsToken(hasuraClaims('u1'));
      const form = new FormData();
      form.append('bucket-id', 'avatars');
      form.append('file[]', new File(['face'], 'face.txt', { type: 'text/plain' }));
      const up = await fetch(`${server.url}/v1/files`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
      expect(up.status).toBe(201);
      const id = ((await up.json()) as { processedFiles: { id: string }[] }).processedFiles[0]!.id;
      expect(await (await fetch(`${server.url}/v1/files/${id}`)).text()).toBe('face');
      expect((await fetch(`${server.url}/v1/files/${id}`, { method: 'DELETE' })).status).toBe(401);
    } finally {
      await server.close();
    }
  });

  it('with no auth configured, the server listens on 127.0.0.1 only and says so; with auth, where configured', async () => {
    const lines: { msg?: string; host?: string; level: number }[] = [];
    const logger = pino({ level: 'warn' }, new Writable({ write: (c: Buffer, _e, done) => (lines.push(JSON.parse(c.toString())), done()) }));
    const open = await startServer({ config: { providerOptions: { root: join(dir, 'open') }, database: { client: 'sqlite', filename: ':memory:' }, host: '0.0.0.0', port: 0 }, logger });
    try {
      expect((open.server.address() as { address: string }).address).toBe('127.0.0.1');
      expect(lines.some((l) => l.host === '127.0.0.1' && /no auth configured.*127\.0\.0\.1 only/.test(l.msg ?? ''))).toBe(true);
    } finally {
      await open.close();
    }
    const secured = await startServer({ config: { providerOptions: { root: join(dir, 'secured') }, database: { client: 'sqlite', filename: ':memory:' }, host: '0.0.0.0', port: 0, logLevel: 'silent', auth: { jwt: { secret: JWT_SECRET } } } });
    try {
      expect((secured.server.address() as { address: string }).address).toBe('0.0.0.0');
    } finally {
      await secured.close();
    }
  });

  it('a resolveUser hook turns auth on: its user owns uploads, anonymous requests get 401', async () => {
    const server = await startServer({
      config: { providerOptions: { root: join(dir, 'hook') }, database: { client: 'sqlite', filename: ':memory:' }, logLevel: 'silent' },
      resolveUser: (req) => (req.headers['x-user'] === undefined ? null : { id: String(req.headers['x-user']), role: 'user' }),
      host: '127.0.0.1',
      port: 0,
    });
    try {
      expect(server.handler.context.auth.mode).toBe('hook');
      const form = () => {
        const f = new FormData();
        f.append('file[]', new File(['x'], 'x.txt', { type: 'text/plain' }));
        return f;
      };
      expect((await fetch(`${server.url}/v1/files`, { method: 'POST', body: form() })).status).toBe(401);
      const up = await fetch(`${server.url}/v1/files`, { method: 'POST', body: form(), headers: { 'x-user': 'hooked' } });
      const file = ((await up.json()) as { processedFiles: { id: string; uploadedByUserId: string }[] }).processedFiles[0]!;
      expect(file.uploadedByUserId).toBe('hooked');
      expect((await fetch(`${server.url}/v1/files/${file.id}`, { headers: { 'x-user': 'someone-else' } })).status).toBe(403);
      expect((await fetch(`${server.url}/v1/files/${file.id}`, { headers: { 'x-user': 'hooked' } })).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

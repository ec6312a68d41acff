import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isStowageError } from '@stowage/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StowageConfigInput } from '../src/config/schema.js';
import { startServer, type RunningServer } from '../src/server.js';
import { HASURA, hasuraClaims, hsToken, JWT_SECRET, keyPair, serveJwks, signWith } from './helpers/auth-tokens.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stowage-auth-jwt-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function withServer(auth: StowageConfigInput['auth'], run: (url: string, server: RunningServer) => Promise<void>, extra: Partial<StowageConfigInput> = {}): Promise<void> {
  const server = await startServer({
    config: { providerOptions: { root: join(dir, Math.random().toString(36).slice(2)) }, database: { client: 'sqlite', filename: ':memory:' }, logLevel: 'silent', auth, ...extra },
    host: '127.0.0.1',
    port: 0,
  });
  try {
    await run(server.url, server);
  } finally {
    await server.close();
  }
}

/** Uploads one file with `token` and answers the status and the recorded uploader. */
async function uploadAs(url: string, token: string | undefined, headers: Record<string, string> = {}): Promise<{ status: number; uploadedByUserId?: string | null; code?: string }> {
  const form = new FormData();
  form.append('file[]', new File(['hello'], 'hello.txt', { type: 'text/plain' }));
  const res = await fetch(`${url}/v1/files`, { method: 'POST', body: form, headers: { ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), ...headers } });
  const body = (await res.json()) as { processedFiles?: { uploadedByUserId: string | null }[]; error?: { data?: { code?: string } } };
  return { status: res.status, uploadedByUserId: body.processedFiles?.[0]?.uploadedByUserId, code: body.error?.data?.code };
}

describe('JWT verification', () => {
  it('HS256 with a secret: the Hasura user id becomes uploadedByUserId', async () => {
    await withServer({ jwt: { secret: JWT_SECRET } }, async (url) => {
      expect(await uploadAs(url, await hsToken(hasuraClaims('user-1')))).toMatchObject({ status: 201, uploadedByUserId: 'user-1' });
      expect(await uploadAs(url, undefined)).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    });
  });

  it.each(['RS256', 'ES256'] as const)('%s with a PEM public key; a token of another key or an HS256 token signed with the PEM is refused', async (alg) => {
    const key = keyPair(alg);
    const other = keyPair(alg);
    await withServer({ jwt: { publicKey: key.publicPem } }, async (url) => {
      expect(await uploadAs(url, await signWith(key, hasuraClaims('user-2')))).toMatchObject({ status: 201, uploadedByUserId: 'user-2' });
      expect(await uploadAs(url, await signWith(other, hasuraClaims('user-2')))).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' });
      // The classic key-confusion attack: the public key used as an HMAC secret.
      expect(await uploadAs(url, await hsToken(hasuraClaims('user-2'), { secret: key.publicPem }))).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' });
    });
  });

  it('a JWK public key (object) works too', async () => {
    const key = keyPair('ES256');
    const jwk = key.publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
    await withServer({ jwt: { publicKey: jwk } }, async (url) => {
      expect(await uploadAs(url, await signWith(key, hasuraClaims('user-jwk')))).toMatchObject({ status: 201, uploadedByUserId: 'user-jwk' });
    });
  });

  it('a JWKS URL: keys fetched by kid, unknown kids refused, the set cached', async () => {
    const rsa = keyPair('RS256');
    const ec = keyPair('ES256');
    const stranger = keyPair('RS256');
    const jwks = await serveJwks([
      { kid: 'rsa-1', alg: 'RS256', publicKey: rsa.publicKey },
      { kid: 'ec-1', alg: 'ES256', publicKey: ec.publicKey },
    ]);
    try {
      await withServer({ jwt: { jwksUrl: jwks.url } }, async (url) => {
        expect(await uploadAs(url, await signWith(rsa, hasuraClaims('user-rsa'), 'rsa-1'))).toMatchObject({ status: 201, uploadedByUserId: 'user-rsa' });
        expect(await uploadAs(url, await signWith(ec, hasuraClaims('user-ec'), 'ec-1'))).toMatchObject({ status: 201, uploadedByUserId: 'user-ec' });
        expect(await uploadAs(url, await signWith(stranger, hasuraClaims('user-x'), 'rsa-1'))).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' });
        expect(await uploadAs(url, await signWith(stranger, hasuraClaims('user-x'), 'unknown'))).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' });
        expect(jwks.fetches()).toBeLessThanOrEqual(2);
      });
    } finally {
      await jwks.close();
    }
  });

  it('an unreachable JWKS is the server’s problem: 503 UNAVAILABLE, not 401', async () => {
    const rsa = keyPair('RS256');
    const jwks = await serveJwks([{ kid: 'k', alg: 'RS256', publicKey: rsa.publicKey }]);
    await jwks.close();
    await withServer({ jwt: { jwksUrl: jwks.url } }, async (url) => {
      expect(await uploadAs(url, await signWith(rsa, hasuraClaims('u'), 'k'))).toMatchObject({ status: 503, code: 'UNAVAILABLE' });
    });
  });

  it('claim paths are configurable (a Strapi-style top-level `id`), and issuer and audience are checked', async () => {
    const jwt = { secret: JWT_SECRET, issuer: 'https://auth.example', audience: 'stowage', claims: { userId: ['id'], defaultRole: ['role'], allowedRoles: ['roles'] } };
    await withServer({ jwt }, async (url) => {
      const good = await hsToken({ id: 42, role: 'user', iss: 'https://auth.example', aud: 'stowage' });
      expect(await uploadAs(url, good)).toMatchObject({ status: 201, uploadedByUserId: '42' });
      expect(await uploadAs(url, await hsToken({ id: 42, iss: 'https://evil.example', aud: 'stowage' }))).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' });
      expect(await uploadAs(url, await hsToken({ id: 42, iss: 'https://auth.example', aud: 'other' }))).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' });
      expect(await uploadAs(url, await hsToken({ sub: 'no-id-claim', iss: 'https://auth.example', aud: 'stowage' }))).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' });
    });
  });

  it('x-hasura-role picks one of the allowed roles; a role not allowed is 403', async () => {
    await withServer({ jwt: { secret: JWT_SECRET }, permissions: { upload: ['editor'] } }, async (url) => {
      const token = await hsToken(hasuraClaims('user-3', ['user', 'editor']));
      expect(await uploadAs(url, token)).toMatchObject({ status: 403, code: 'ACCESS_DENIED' });
      expect(await uploadAs(url, token, { 'x-hasura-role': 'editor' })).toMatchObject({ status: 201, uploadedByUserId: 'user-3' });
      expect(await uploadAs(url, token, { 'x-hasura-role': 'admin' })).toMatchObject({ status: 403, code: 'ACCESS_DENIED' });
    });
  });

  it('the admin secret may act on behalf of a user (x-hasura-user-id), like Hasura', async () => {
    await withServer({ jwt: { secret: JWT_SECRET } }, async (url) => {
      expect(await uploadAs(url, undefined, { 'x-hasura-admin-secret': 'admin-secret-0123456789', 'x-hasura-user-id': 'user-9' })).toMatchObject({ status: 201, uploadedByUserId: 'user-9' });
      expect(await uploadAs(url, undefined, { 'x-stowage-admin-secret': 'admin-secret-0123456789' })).toMatchObject({ status: 201, uploadedByUserId: null });
    }, { adminSecret: 'admin-secret-0123456789' });
  });

  it('refuses a configuration without exactly one key, or HS algorithms with a public key, naming the setting', async () => {
    const bad = async (jwt: unknown) => {
      try {
        await startServer({ config: { database: { client: 'sqlite', filename: ':memory:' }, logLevel: 'silent', auth: { jwt } as never }, host: '127.0.0.1', port: 0 });
      } catch (error) {
        return error;
      }
      throw new Error('expected the configuration to be refused');
    };
    const none = await bad({});
    expect(isStowageError(none, 'INVALID_OPTIONS') && none.message).toMatch(/auth\.jwt: needs exactly one of secret, publicKey or jwksUrl/);
    const hs = await bad({ publicKey: keyPair('RS256').publicPem, algorithms: ['HS256'] });
    expect(isStowageError(hs, 'INVALID_OPTIONS') && hs.message).toMatch(/auth\.jwt\.algorithms/);
    const short = await bad({ secret: 'short' });
    expect(isStowageError(short, 'INVALID_OPTIONS') && short.message).toMatch(/auth\.jwt\.secret: must be at least 32 characters/);
    expect(String((short as Error).message)).not.toContain('short"');
    const garbage = await bad({ publicKey: '-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----' });
    expect(isStowageError(garbage, 'INVALID_OPTIONS') && garbage.message).toMatch(/auth\.jwt\.publicKey/);
  });

  it('the namespace constant is Hasura’s', () => {
    expect(HASURA).toBe('https://hasura.io/jwt/claims');
  });
});

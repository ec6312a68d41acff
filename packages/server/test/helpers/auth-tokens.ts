import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, SignJWT, type JWTPayload } from 'jose';

export const JWT_SECRET = 'test-jwt-secret-0123456789-abcdefghijklmnop';
export const HASURA = 'https://hasura.io/jwt/claims';

/** Hasura-style claims for `userId` with `roles` (the first is the default role). */
export function hasuraClaims(userId: string, roles: string[] = ['user']): JWTPayload {
  return { sub: userId, [HASURA]: { 'x-hasura-user-id': userId, 'x-hasura-default-role': roles[0], 'x-hasura-allowed-roles': roles } };
}

/** An HS256 token signed with `secret` (the server's by default), valid for `ttl` seconds (negative: expired). */
export async function hsToken(payload: JWTPayload, options: { secret?: string; ttl?: number } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(now - 60)
    .setExpirationTime(now + (options.ttl ?? 300))
    .sign(new TextEncoder().encode(options.secret ?? JWT_SECRET));
}

/** A token for user `userId` with the default secret. */
export const userToken = (userId: string, roles?: string[]) => hsToken(hasuraClaims(userId, roles));

/** An unsigned token (`alg: none`) carrying valid-looking claims. */
export function unsignedToken(payload: JWTPayload): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ ...payload, exp: Math.floor(Date.now() / 1000) + 300 })}.`;
}

/** A key pair with its algorithm, for the asymmetric tests. */
export function keyPair(alg: 'RS256' | 'ES256'): { alg: string; privateKey: KeyObject; publicKey: KeyObject; publicPem: string } {
  const pair = alg === 'RS256' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { alg, ...pair, publicPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

/** A token signed with an asymmetric private key. */
export async function signWith(key: { alg: string; privateKey: KeyObject }, payload: JWTPayload, kid?: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(payload)
    .setProtectedHeader({ alg: key.alg, ...(kid === undefined ? {} : { kid }) })
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .sign(key.privateKey);
}

/** A JWKS document served on 127.0.0.1, and how often it was fetched. */
export async function serveJwks(keys: { kid: string; alg: string; publicKey: KeyObject }[]): Promise<{ url: string; fetches: () => number; close: () => Promise<void> }> {
  const jwks = { keys: await Promise.all(keys.map(async (k) => ({ ...(await exportJWK(k.publicKey)), kid: k.kid, alg: k.alg, use: 'sig' }))) };
  let fetches = 0;
  const server: Server = createServer((_req, res) => {
    fetches += 1;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(jwks));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    fetches: () => fetches,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

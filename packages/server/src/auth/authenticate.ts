import type { IncomingMessage } from 'node:http';
import type { StowageConfig } from '../config/schema.js';
import { checkAdminSecret, givenAdminSecret } from './admin-secret.js';
import { accessDenied, invalidCredentials } from './auth-errors.js';
import { readClaims } from './claims.js';
import { createJwtVerifier, type JwtVerifier } from './jwt-verifier.js';
import { admin, anonymous, userFromHook, type Principal, type ResolvedUser } from './principal.js';

/** A hook that tells who makes a request, in place of JWT verification. */
export type ResolveUserHook = (req: IncomingMessage) => Promise<ResolvedUser> | ResolvedUser;

/** How the server authenticates, built once at start. */
export interface AuthRuntime {
  /**
   * `jwt` (auth.jwt), `hook` (a `resolveUser` hook), or `off`: nobody can authenticate except the
   * admin, every bucket rule defaults to public, and `stowage serve` binds to 127.0.0.1 only.
   */
  readonly mode: 'jwt' | 'hook' | 'off';
  /** The principal of a request (computed once per request). */
  authenticate(req: IncomingMessage): Promise<Principal>;
}

/** Builds the authenticator from the configuration and the optional hook. */
export async function createAuth(config: StowageConfig, hook?: ResolveUserHook): Promise<AuthRuntime> {
  const { auth } = config;
  const verify: JwtVerifier | undefined = auth.jwt === undefined ? undefined : await createJwtVerifier(auth.jwt);
  const claimPaths = auth.jwt?.claims ?? { userId: [], defaultRole: [], allowedRoles: [] };
  const mode = verify !== undefined ? 'jwt' : hook !== undefined ? 'hook' : 'off';
  const cache = new WeakMap<IncomingMessage, Promise<Principal>>();

  async function resolve(req: IncomingMessage): Promise<Principal> {
    const secret = givenAdminSecret(req);
    if (secret !== undefined) {
      checkAdminSecret(config.adminSecret, secret);
      // Like Hasura: the admin may act on behalf of a user (their uploads are then that user's).
      const onBehalf = req.headers['x-hasura-user-id'];
      return admin(typeof onBehalf === 'string' && onBehalf !== '' ? onBehalf : null);
    }
    const authorization = req.headers.authorization;
    if (verify !== undefined) {
      if (authorization === undefined) return anonymous(auth.anonymousRole);
      const match = /^Bearer[ ]+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)\s*$/i.exec(authorization);
      if (match === null) throw invalidCredentials('Invalid Authorization header: expected "Bearer <JWT>"');
      const claims = readClaims(await verify(match[1] as string), claimPaths);
      return { kind: 'user', userId: claims.userId, ...pickRole(req, claims.defaultRole ?? claims.allowedRoles[0] ?? 'user', claims.allowedRoles) };
    }
    if (hook !== undefined) {
      const resolved = await hook(req);
      if (resolved === null) return anonymous(auth.anonymousRole);
      const user = userFromHook(resolved);
      return { ...user, ...pickRole(req, user.role, user.allowedRoles) };
    }
    return anonymous(auth.anonymousRole);
  }

  return {
    mode,
    authenticate(req) {
      let principal = cache.get(req);
      if (principal === undefined) {
        principal = resolve(req);
        cache.set(req, principal);
      }
      return principal;
    },
  };
}

// `x-hasura-role` picks one of the token's allowed roles for this request (Hasura's convention).
function pickRole(req: IncomingMessage, defaultRole: string, allowed: readonly string[]): { role: string; allowedRoles: readonly string[] } {
  const asked = req.headers['x-hasura-role'];
  if (asked === undefined) return { role: defaultRole, allowedRoles: allowed };
  if (typeof asked !== 'string' || !allowed.includes(asked)) throw accessDenied('Invalid x-hasura-role header: the role is not one of the token\'s allowed roles');
  return { role: asked, allowedRoles: allowed };
}

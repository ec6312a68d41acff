import type { JWTPayload } from 'jose';
import type { JwtConfig } from './auth-config.js';
import { invalidCredentials } from './auth-errors.js';

/** The value at `path` (claim names, outermost first) in a token's payload. */
export function claimAt(payload: JWTPayload, path: readonly string[]): unknown {
  let value: unknown = payload;
  for (const name of path) {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, name)) return undefined;
    value = (value as Record<string, unknown>)[name];
  }
  return value;
}

/**
 * The user id, default role and allowed roles of a verified token, read at the configured claim paths.
 * @throws `HttpError` 401 `INVALID_CREDENTIALS` naming the claim that is missing or malformed.
 */
export function readClaims(payload: JWTPayload, claims: JwtConfig['claims']): { userId: string; defaultRole: string | undefined; allowedRoles: string[] } {
  const name = (path: readonly string[]) => path.join(' → ');
  const id = claimAt(payload, claims.userId);
  if ((typeof id !== 'string' || id === '') && typeof id !== 'number') throw invalidCredentials(`Invalid bearer token: expected a user id at ${name(claims.userId)}`);
  const role = claimAt(payload, claims.defaultRole);
  if (role !== undefined && (typeof role !== 'string' || role === '')) throw invalidCredentials(`Invalid bearer token: expected a role name at ${name(claims.defaultRole)}`);
  const roles = claimAt(payload, claims.allowedRoles);
  if (roles !== undefined && (!Array.isArray(roles) || roles.some((r) => typeof r !== 'string'))) {
    throw invalidCredentials(`Invalid bearer token: expected a list of role names at ${name(claims.allowedRoles)}`);
  }
  const allowed = (roles as string[] | undefined) ?? [];
  return { userId: String(id), defaultRole: role as string | undefined, allowedRoles: role !== undefined && !allowed.includes(role as string) ? [...allowed, role as string] : allowed };
}

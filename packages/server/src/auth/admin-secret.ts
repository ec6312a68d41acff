import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { accessDenied, invalidCredentials } from './auth-errors.js';

/** The admin secret header; `x-hasura-admin-secret` is accepted too, for Nhost and Hasura clients. */
export const ADMIN_SECRET_HEADERS = ['x-stowage-admin-secret', 'x-hasura-admin-secret'] as const;

// One key per process: comparing MACs of both values keeps the comparison constant-time whatever
// their lengths, so neither the secret's length nor its prefix leaks through timing.
const COMPARE_KEY = randomBytes(32);

/** The admin secret the request carries, if any (a header given twice counts as wrong). */
export function givenAdminSecret(req: IncomingMessage): string | string[] | undefined {
  for (const name of ADMIN_SECRET_HEADERS) {
    const value = req.headers[name];
    if (value !== undefined) return value;
  }
  return undefined;
}

/**
 * Whether `given` equals the configured admin secret, compared in constant time.
 * @throws `HttpError` 401 `INVALID_CREDENTIALS` when it does not; 403 when no admin secret is configured.
 */
export function checkAdminSecret(configured: string | undefined, given: string | string[]): void {
  if (configured === undefined) throw accessDenied('Admin access is disabled: set adminSecret (or STOWAGE_ADMIN_SECRET) to enable it');
  const a = createHmac('sha256', COMPARE_KEY).update(typeof given === 'string' ? given : '\u0000').digest();
  const b = createHmac('sha256', COMPARE_KEY).update(configured).digest();
  if (typeof given !== 'string' || !timingSafeEqual(a, b)) throw invalidCredentials('Invalid admin secret header: expected the configured admin secret');
}

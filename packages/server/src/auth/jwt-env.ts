import { StowageError } from '@stowage/core';
import type { JwtConfig } from './auth-config.js';

type JwtInput = Partial<Omit<JwtConfig, 'claims'>> & { claims?: Partial<JwtConfig['claims']> };

/**
 * `STOWAGE_JWT_SECRET`: a plain HMAC secret, or the JSON Hasura and Nhost use for
 * `HASURA_GRAPHQL_JWT_SECRET` (`{ "type": "HS256", "key": "…" }`, `{ "type": "RS256", "key": "<PEM>" }`,
 * `{ "jwk_url": "…" }`, with optional `issuer`, `audience`, `claims_namespace`, `allowed_skew`), so
 * the same value configures both.
 * @throws `INVALID_OPTIONS` naming the variable (never echoing its value).
 */
export function jwtFromEnv(value: string | undefined): JwtInput | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (!value.trim().startsWith('{')) return { secret: value };
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(value) as Record<string, unknown>;
  } catch {
    throw new StowageError('INVALID_OPTIONS', 'Invalid STOWAGE_JWT_SECRET: expected a secret or Hasura\'s JSON ({ "type", "key" } or { "jwk_url" })');
  }
  const { type, key, jwk_url: jwksUrl, issuer, audience, claims_namespace: namespace, allowed_skew: skew } = parsed;
  const jwt: JwtInput = {};
  if (typeof jwksUrl === 'string') jwt.jwksUrl = jwksUrl;
  else if (typeof type === 'string' && typeof key === 'string') {
    if (type.startsWith('HS')) jwt.secret = key;
    else jwt.publicKey = key;
    jwt.algorithms = [type as NonNullable<JwtConfig['algorithms']>[number]];
  } else throw new StowageError('INVALID_OPTIONS', 'Invalid STOWAGE_JWT_SECRET: the JSON needs "type" and "key", or "jwk_url"');
  if (typeof issuer === 'string') jwt.issuer = issuer;
  if (typeof audience === 'string' || Array.isArray(audience)) jwt.audience = audience as string | string[];
  if (typeof skew === 'number') jwt.clockTolerance = skew;
  if (typeof namespace === 'string') {
    jwt.claims = { userId: [namespace, 'x-hasura-user-id'], defaultRole: [namespace, 'x-hasura-default-role'], allowedRoles: [namespace, 'x-hasura-allowed-roles'] };
  }
  return jwt;
}

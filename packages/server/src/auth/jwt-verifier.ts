import { createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import { StowageError } from '@stowage/core';
import type { JWTPayload, JWTVerifyGetKey } from 'jose';
import type { JwtConfig } from './auth-config.js';
import { HttpError } from '../http/http-status.js';
import { invalidCredentials } from './auth-errors.js';

/** Verifies a compact JWT and resolves its payload. @throws `HttpError` 401 `INVALID_CREDENTIALS`. */
export type JwtVerifier = (token: string) => Promise<JWTPayload>;

const ASYMMETRIC_DEFAULTS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/**
 * Builds the verifier of `auth.jwt` with `jose`: the key is parsed once (a JWKS is fetched on first use
 * and cached), and only the configured algorithms are accepted, so `alg: none` and an HS256 token signed
 * with an RSA public key as its secret are refused.
 * @throws `INVALID_OPTIONS` naming `auth.jwt.publicKey` when the key cannot be read (never echoing it).
 */
export async function createJwtVerifier(config: JwtConfig): Promise<JwtVerifier> {
  // jose is ESM only; a dynamic import keeps the CommonJS build loadable.
  const jose = await import('jose');
  let key: KeyObject | JWTVerifyGetKey;
  let algorithms: string[];
  if (config.secret !== undefined) {
    key = createSecretKey(Buffer.from(config.secret, 'utf8'));
    algorithms = config.algorithms ?? ['HS256'];
  } else if (config.jwksUrl !== undefined) {
    key = jose.createRemoteJWKSet(new URL(config.jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000 });
    algorithms = config.algorithms ?? ASYMMETRIC_DEFAULTS;
  } else {
    key = readPublicKey(config.publicKey);
    algorithms = config.algorithms ?? defaultAlgorithms(key);
  }
  const options = {
    algorithms,
    clockTolerance: config.clockTolerance,
    ...(config.issuer === undefined ? {} : { issuer: config.issuer }),
    ...(config.audience === undefined ? {} : { audience: config.audience }),
  };
  return async (token) => {
    try {
      // Two calls for jose's two overloads (a key, or a key-set function).
      const { payload } = typeof key === 'function' ? await jose.jwtVerify(token, key, options) : await jose.jwtVerify(token, key, options);
      return payload;
    } catch (error) {
      // The key set being unreachable is the server's problem, not the token's.
      if (typeof key === 'function' && keySetUnreachable(error)) throw new HttpError('UNAVAILABLE', 'The JWKS to verify bearer tokens could not be fetched; try again later', undefined, { cause: error });
      throw invalidCredentials(`Invalid bearer token: ${reason(error)}`);
    }
  };
}

function readPublicKey(value: JwtConfig['publicKey']): KeyObject {
  try {
    if (typeof value === 'object' && value !== null) return createPublicKey({ key: value as never, format: 'jwk' });
    const text = String(value).trim();
    if (text.startsWith('{')) return createPublicKey({ key: JSON.parse(text) as never, format: 'jwk' });
    const key = createPublicKey(text);
    if (key.type !== 'public') throw new Error('not a public key');
    return key;
  } catch (error) {
    throw new StowageError('INVALID_OPTIONS', 'Invalid auth.jwt.publicKey: expected a PEM public key, an X.509 certificate or a public JWK', { cause: error });
  }
}

// The algorithms a key can verify, so a configuration without `algorithms` still pins the key's family.
function defaultAlgorithms(key: KeyObject): string[] {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
    case 'rsa-pss':
      return ['PS256', 'PS384', 'PS512'];
    case 'ec': {
      const curve = key.asymmetricKeyDetails?.namedCurve;
      return [curve === 'secp384r1' ? 'ES384' : curve === 'secp521r1' ? 'ES512' : 'ES256'];
    }
    case 'ed25519':
    case 'ed448':
      return ['EdDSA'];
    default:
      throw new StowageError('INVALID_OPTIONS', `Invalid auth.jwt.publicKey: unsupported key type ${key.asymmetricKeyType ?? 'unknown'}`);
  }
}

function keySetUnreachable(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'ERR_JWKS_TIMEOUT' || code === 'ERR_JWKS_INVALID' || typeof code !== 'string' || !code.startsWith('ERR_J');
}

// jose's error codes, told in words a client can act on; details stay out (they may quote the token).
function reason(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return 'it has expired';
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return 'the signature does not verify';
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return 'its algorithm is not accepted';
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return `the ${String((error as { claim?: unknown }).claim ?? 'claim')} claim is not accepted`;
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return 'no key of the JWKS matches it';
    default:
      return 'expected a signed, unexpired JWT';
  }
}

import { createHmac, timingSafeEqual } from 'node:crypto';
import { normalizeKey } from '@stowage/core';
import { invalidInput, signatureDenied } from './errors.js';
import type { SigningOptions } from './options.js';
import { encodeKeyPath } from './paths.js';

/** What a signed URL grants; every field is covered by the signature. */
export interface SignedClaims {
  /** `GET` for reads (HEAD is allowed too), `PUT` for uploads. */
  method: 'GET' | 'PUT';
  /** The normalized key. */
  key: string;
  /** When the URL stops working, in Unix seconds. */
  expires: number;
  /** A `Content-Disposition` the read's response carries instead of the stored one. */
  contentDisposition?: string;
  /** The largest body a signed upload may send. */
  maxSize?: number;
  /** The MIME type a signed upload is stored with. */
  contentType?: string;
}

/** A request that passed {@link verifySignedRequest}. */
export interface VerifiedRequest {
  method: 'GET' | 'PUT';
  key: string;
  expiresAt: Date;
  contentDisposition?: string;
  maxSize?: number;
  contentType?: string;
}

/** The longest lifetime of a signed URL, in seconds (one year). */
export const MAX_EXPIRES_IN = 365 * 24 * 60 * 60;

/** Query parameter names of signed URLs. */
export const PARAM = {
  expires: 'expires',
  disposition: 'disposition',
  maxSize: 'max-size',
  contentType: 'content-type',
  signature: 'signature',
} as const;

/**
 * The signed URL for `claims`: `<baseUrl>/<encoded key>?expires=…[&disposition=…][&max-size=…]
 * [&content-type=…]&signature=…`, the signature being HMAC-SHA256 (base64url) over the JSON array of
 * the version tag, method, key, expiry, disposition, size limit and content type.
 */
export function signedUrlFor(claims: SignedClaims, signing: SigningOptions): string {
  const query = new URLSearchParams();
  query.set(PARAM.expires, String(claims.expires));
  if (claims.contentDisposition !== undefined) query.set(PARAM.disposition, claims.contentDisposition);
  if (claims.maxSize !== undefined) query.set(PARAM.maxSize, String(claims.maxSize));
  if (claims.contentType !== undefined) query.set(PARAM.contentType, claims.contentType);
  query.set(PARAM.signature, sign(claims, signing.secret));
  return `${signing.baseUrl.replace(/\/+$/, '')}/${encodeKeyPath(claims.key)}?${query.toString()}`;
}

/**
 * The Unix expiry for `expiresIn` seconds from `now`.
 * @throws `INVALID_INPUT` unless `expiresIn` is a positive number of seconds, at most one year.
 */
export function expiryFrom(expiresIn: unknown, now = Date.now()): number {
  if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || expiresIn <= 0 || expiresIn > MAX_EXPIRES_IN) {
    throw invalidInput('expiresIn', `a positive number of seconds, at most ${MAX_EXPIRES_IN} (one year)`);
  }
  return Math.ceil(now / 1000 + expiresIn);
}

/**
 * Verifies a signed request against the same `signing` options (`{ secret, baseUrl }`) the provider was
 * given. `request` is the URL (absolute, or a path such as Node's `req.url`; the host is not checked, so
 * proxies may rewrite it), or `{ method, url }`: a URL signed for GET accepts GET and HEAD, one signed for
 * upload accepts PUT. Returns the key and what the signature grants.
 * @throws `ACCESS_DENIED` when the URL is not under `signing.baseUrl`, is malformed, tampered with, signed
 *   with another secret or for another method, or expired. The message never includes the secret.
 */
export function verifySignedRequest(
  request: string | URL | { method?: string; url: string | URL },
  signing: SigningOptions,
  now: number = Date.now(),
): VerifiedRequest {
  const { method: rawMethod, url: rawUrl } = typeof request === 'string' || request instanceof URL ? { method: 'GET', url: request } : request;
  const upper = (rawMethod ?? 'GET').toUpperCase();
  const method = upper === 'HEAD' ? 'GET' : upper;
  if (method !== 'GET' && method !== 'PUT') throw signatureDenied(`method ${upper} is not allowed`);
  const url = new URL(String(rawUrl), 'http://localhost');
  const key = keyFromPath(url.pathname, new URL(signing.baseUrl).pathname);
  const params = url.searchParams;
  const expiresText = params.get(PARAM.expires) ?? '';
  const signature = params.get(PARAM.signature) ?? '';
  if (!/^\d{1,15}$/.test(expiresText) || signature === '') throw signatureDenied('the expiry or signature is missing');
  const maxSizeText = params.get(PARAM.maxSize);
  if (maxSizeText !== null && !/^\d{1,16}$/.test(maxSizeText)) throw signatureDenied('the size limit is malformed');
  const claims: SignedClaims = {
    method,
    key,
    expires: Number(expiresText),
    ...optional('contentDisposition', params.get(PARAM.disposition)),
    ...(maxSizeText === null ? {} : { maxSize: Number(maxSizeText) }),
    ...optional('contentType', params.get(PARAM.contentType)),
  };
  const expected = Buffer.from(sign(claims, signing.secret), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw signatureDenied('the signature does not match (tampered, signed for another method, or another secret)');
  }
  if (now >= claims.expires * 1000) throw signatureDenied('the URL has expired');
  const { expires, ...granted } = claims;
  return { ...granted, expiresAt: new Date(expires * 1000) };
}

function sign(claims: SignedClaims, secret: string): string {
  const payload = JSON.stringify([
    'stowage-local-v1',
    claims.method,
    claims.key,
    claims.expires,
    claims.contentDisposition ?? null,
    claims.maxSize ?? null,
    claims.contentType ?? null,
  ]);
  return createHmac('sha256', secret).update(payload, 'utf8').digest('base64url');
}

function keyFromPath(pathname: string, basePathname: string): string {
  const base = basePathname.replace(/\/+$/, '');
  if (!pathname.startsWith(`${base}/`)) throw signatureDenied('the URL is not under the signing base URL');
  let key: string;
  try {
    key = pathname.slice(base.length + 1).split('/').map(decodeURIComponent).join('/');
  } catch {
    throw signatureDenied('the key in the URL is not valid percent-encoding');
  }
  try {
    if (normalizeKey(key) !== key) throw new Error('not normalized');
  } catch {
    throw signatureDenied('the key in the URL is not a valid key');
  }
  return key;
}

function optional<K extends string>(name: K, value: string | null): { [P in K]?: string } {
  return (value === null ? {} : { [name]: value }) as { [P in K]?: string };
}

'use strict';
/*
 * V4 signature checks for the Cloud Storage emulator, which verifies no signature at all. An independent
 * implementation of Google's documented scheme (not the SDK's signer), used by gcs-emulator-child.cjs:
 *   - signed URLs: https://cloud.google.com/storage/docs/authentication/canonical-requests
 *     (GOOG4-RSA-SHA256, canonical request -> string to sign -> RSA-SHA256 over it), plus the expiry and
 *     the `response-content-disposition` / `response-content-type` overrides a signed GET may carry;
 *   - POST policy documents: https://cloud.google.com/storage/docs/authentication/signatures#policy-document
 *     (signature over the base64 policy, expiration, conditions: exact matches, `eq`, `starts-with`,
 *     `content-length-range`; every form field must be covered by a condition).
 * Signatures are checked against the public keys of the service accounts the test setup trusts, the way
 * GCS checks them against a service account's registered keys. Failures answer as GCS does: XML errors,
 * 403 SignatureDoesNotMatch / AccessDenied, 400 ExpiredToken / EntityTooLarge.
 */
const { createHash, verify } = require('node:crypto');

const ALGORITHM = 'GOOG4-RSA-SHA256';

function encode(text) {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function decode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function xmlError(res, status, code, message) {
  const body = `<?xml version='1.0' encoding='UTF-8'?><Error><Code>${code}</Code><Message>${message.replace(/[<&>]/g, '')}</Message></Error>`;
  res.writeHead(status, { 'Content-Type': 'application/xml; charset=UTF-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/** `YYYYMMDDTHHMMSSZ` to milliseconds, or NaN. */
function parseGoogDate(text) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text || '');
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : Number.NaN;
}

/** The raw query's parameters, decoded once (a `+` stays a `+`, as GCS reads it). */
function rawParams(query) {
  const params = [];
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    params.push(eq === -1 ? [decode(part), ''] : [decode(part.slice(0, eq)), decode(part.slice(eq + 1))]);
  }
  return params;
}

// GCS is served on the default port, where the Host header is the bare host name; the SDK signs the host
// name without a port even for a custom endpoint. On the emulator's port, the port is therefore dropped.
function headerValue(req, name) {
  const value = String(req.headers[name] ?? '').trim().replace(/\s+/g, ' ');
  return name === 'host' ? value.replace(/:\d+$/, '') : value;
}

function createSignatureChecker(trustedKeys) {
  const keys = new Map(Object.entries(trustedKeys || {}));

  function credentialKey(credential) {
    const [email, date, location, service, request] = (credential || '').split('/');
    if (!email || !/^\d{8}$/.test(date || '') || !location || service !== 'storage' || request !== 'goog4_request') return undefined;
    return { email, date, scope: [date, location, service, request].join('/'), publicKey: keys.get(email) };
  }

  /**
   * Checks a request carrying `X-Goog-Signature` in its query. Answers the refusal itself and returns
   * false, or returns true (and applies the response overrides) when the signature holds.
   */
  function checkSignedUrl(req, res) {
    const url = req.url;
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const params = rawParams(q === -1 ? '' : url.slice(q + 1));
    const get = (name) => params.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
    if (get('X-Goog-Algorithm') !== ALGORITHM) return xmlError(res, 400, 'InvalidArgument', 'X-Goog-Algorithm must be GOOG4-RSA-SHA256'), false;
    const credential = credentialKey(get('X-Goog-Credential'));
    if (!credential) return xmlError(res, 400, 'InvalidArgument', 'malformed X-Goog-Credential'), false;
    if (!credential.publicKey) return xmlError(res, 403, 'AccessDenied', `unknown service account ${credential.email}`), false;
    const date = get('X-Goog-Date');
    const signedAt = parseGoogDate(date);
    const expires = Number(get('X-Goog-Expires'));
    if (Number.isNaN(signedAt) || !Number.isInteger(expires) || expires < 1 || expires > 604800) {
      return xmlError(res, 400, 'InvalidArgument', 'bad X-Goog-Date or X-Goog-Expires'), false;
    }
    if (date.slice(0, 8) !== credential.date) return xmlError(res, 400, 'InvalidArgument', 'credential date differs from X-Goog-Date'), false;
    const signedHeaders = (get('X-Goog-SignedHeaders') || '').split(';').filter(Boolean);
    if (!signedHeaders.includes('host')) return xmlError(res, 400, 'InvalidArgument', 'host must be a signed header'), false;
    const query = params
      .filter(([name]) => name !== 'X-Goog-Signature')
      .map(([name, value]) => [encode(name), encode(value)])
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, value]) => `${name}=${value}`)
      .join('&');
    const headers = signedHeaders.map((name) => `${name}:${headerValue(req, name)}\n`).join('');
    const canonical = [req.method, path, query, headers, signedHeaders.join(';'), 'UNSIGNED-PAYLOAD'].join('\n');
    const stringToSign = [ALGORITHM, date, credential.scope, createHash('sha256').update(canonical).digest('hex')].join('\n');
    const signature = Buffer.from(get('X-Goog-Signature') || '', 'hex');
    if (!verify('RSA-SHA256', Buffer.from(stringToSign), credential.publicKey, signature)) {
      return xmlError(res, 403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.'), false;
    }
    if (Date.now() > signedAt + expires * 1000) return xmlError(res, 400, 'ExpiredToken', 'Request has expired'), false;
    overrideResponseHeaders(res, { 'content-disposition': get('response-content-disposition'), 'content-type': get('response-content-type') });
    return true;
  }

  /**
   * Checks a POST policy form (already parsed into `parts`). Answers the refusal itself and returns false,
   * or returns true when the signature, the expiration and every condition hold.
   */
  function checkPostPolicy(res, bucket, parts) {
    const fields = new Map();
    let file;
    for (const part of parts) {
      if (part.type === 'file') file = part;
      else fields.set(part.name.toLowerCase(), part.value);
    }
    const policy = fields.get('policy');
    if (policy === undefined) return xmlError(res, 403, 'AccessDenied', 'anonymous form uploads are not allowed'), false;
    if (fields.get('x-goog-algorithm') !== ALGORITHM) return xmlError(res, 400, 'InvalidArgument', 'x-goog-algorithm must be GOOG4-RSA-SHA256'), false;
    const credential = credentialKey(fields.get('x-goog-credential'));
    if (!credential) return xmlError(res, 400, 'InvalidArgument', 'malformed x-goog-credential'), false;
    if (!credential.publicKey) return xmlError(res, 403, 'AccessDenied', `unknown service account ${credential.email}`), false;
    const signature = Buffer.from(fields.get('x-goog-signature') || '', 'hex');
    if (!verify('RSA-SHA256', Buffer.from(policy), credential.publicKey, signature)) {
      return xmlError(res, 403, 'SignatureDoesNotMatch', 'The policy signature does not match'), false;
    }
    let document;
    try {
      document = JSON.parse(Buffer.from(policy, 'base64').toString('utf8'));
    } catch {
      return xmlError(res, 400, 'InvalidPolicyDocument', 'the policy is not base64 JSON'), false;
    }
    if (!(Date.parse(document.expiration) > Date.now())) return xmlError(res, 400, 'ExpiredToken', 'Invalid according to Policy: Policy expired.'), false;
    const value = (name) => (name === 'bucket' ? bucket : fields.get(name));
    const covered = new Set(['bucket']);
    const size = file ? file.data.length : 0;
    for (const condition of Array.isArray(document.conditions) ? document.conditions : []) {
      if (Array.isArray(condition)) {
        const [op, a, b] = condition;
        if (op === 'content-length-range') {
          if (size < a || size > b) return xmlError(res, 400, 'EntityTooLarge', `Your proposed upload is outside the content-length-range [${a}, ${b}]`), false;
          continue;
        }
        const name = String(a).replace(/^\$/, '').toLowerCase();
        covered.add(name);
        const actual = value(name) ?? '';
        if (op === 'eq' && actual !== b) return xmlError(res, 403, 'AccessDenied', `Invalid according to Policy: ${name}`), false;
        if (op === 'starts-with' && !actual.startsWith(b)) return xmlError(res, 403, 'AccessDenied', `Invalid according to Policy: ${name}`), false;
        if (op !== 'eq' && op !== 'starts-with') return xmlError(res, 400, 'InvalidPolicyDocument', `unknown condition ${op}`), false;
      } else if (condition && typeof condition === 'object') {
        for (const [name, expected] of Object.entries(condition)) {
          covered.add(name.toLowerCase());
          if (value(name.toLowerCase()) !== expected) return xmlError(res, 403, 'AccessDenied', `Invalid according to Policy: ${name}`), false;
        }
      }
    }
    for (const name of fields.keys()) {
      if (name === 'policy' || name === 'x-goog-signature' || name === 'file' || name.startsWith('x-ignore-')) continue;
      if (!covered.has(name)) return xmlError(res, 403, 'AccessDenied', `Invalid according to Policy: extra input fields: ${name}`), false;
    }
    return true;
  }

  return { enabled: keys.size > 0, checkSignedUrl, checkPostPolicy };
}

// The emulator writes its own Content-Disposition (the stored one plus a filename) and Content-Type; a
// signed GET's response-* parameters replace them, as GCS does.
function overrideResponseHeaders(res, overrides) {
  const wanted = Object.entries(overrides).filter(([, v]) => v !== undefined);
  if (wanted.length === 0) return;
  const setHeader = res.setHeader.bind(res);
  res.setHeader = (name, value) => {
    const override = wanted.find(([n]) => n === String(name).toLowerCase());
    return setHeader(name, override ? override[1] : value);
  };
}

module.exports = { createSignatureChecker };

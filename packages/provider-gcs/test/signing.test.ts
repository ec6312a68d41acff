import { createHash, verify } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isStowageError } from '@stowage/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import gcs from '../src/index.js';
import type { GcsProvider } from '../src/provider.js';
import { generateServiceAccountKey } from './service-account.js';

// The emulator verifies no signature, so the V4 signatures are checked here, offline, against the public
// half of a key generated for this run, by an independent implementation of Google's documented scheme:
// https://cloud.google.com/storage/docs/authentication/signatures
const { key, publicKey } = generateServiceAccountKey();

/** RFC 3986 percent-encoding, as V4 canonical requests use. */
const encode = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const sha256hex = (text: string) => createHash('sha256').update(text).digest('hex');

function verifySignedUrl(url: string): { valid: boolean; params: URLSearchParams } {
  const parsed = new URL(url);
  const params = parsed.searchParams;
  const signature = params.get('X-Goog-Signature') ?? '';
  const query = [...params.entries()]
    .filter(([name]) => name !== 'X-Goog-Signature')
    .map(([name, value]) => [encode(name), encode(value)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  const canonicalRequest = ['GET', parsed.pathname, query, `host:${parsed.host}`, '', 'host', 'UNSIGNED-PAYLOAD'].join('\n');
  const scope = (params.get('X-Goog-Credential') ?? '').split('/').slice(1).join('/');
  const stringToSign = ['GOOG4-RSA-SHA256', params.get('X-Goog-Date'), scope, sha256hex(canonicalRequest)].join('\n');
  const valid = verify('RSA-SHA256', Buffer.from(stringToSign), publicKey, Buffer.from(signature, 'hex'));
  return { valid, params };
}

const today = () => new Date().toISOString().slice(0, 10).replace(/-/g, '');

describe('V4 signing, verified offline with the key pair generated for this run', () => {
  let provider: GcsProvider;
  beforeAll(async () => {
    provider = await gcs.init({ bucket: 'stowage-signing', credentials: key, prefix: 'up' });
  });

  it('signs a GET URL with the documented algorithm, credential scope, date, expiry and signed headers', async () => {
    const before = Date.now();
    const signed = await provider.signedUrl('docs/report 1+1 #?.pdf', { expiresIn: 120, contentDisposition: 'attachment; filename="r.pdf"' });
    const { valid, params } = verifySignedUrl(signed.url);
    expect(valid).toBe(true);
    const url = new URL(signed.url);
    expect(url.origin).toBe('https://storage.googleapis.com');
    expect(url.pathname).toBe(`/stowage-signing/up/docs/${encode('report 1+1 #?.pdf')}`);
    expect(params.get('X-Goog-Algorithm')).toBe('GOOG4-RSA-SHA256');
    expect(params.get('X-Goog-Credential')).toBe(`${key.client_email}/${today()}/auto/storage/goog4_request`);
    expect(params.get('X-Goog-Expires')).toBe('120');
    expect(params.get('X-Goog-SignedHeaders')).toBe('host');
    expect(params.get('response-content-disposition')).toBe('attachment; filename="r.pdf"');
    const date = params.get('X-Goog-Date') ?? '';
    const signedAt = Date.parse(date.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
    expect(Math.abs(signedAt - before)).toBeLessThan(60_000);
    expect(Math.abs(signed.expiresAt.getTime() - (signedAt + 120_000))).toBeLessThan(2_000);
  });

  it('a tampered URL (another key, a longer expiry, another disposition, another signature) no longer verifies', async () => {
    const signed = await provider.signedUrl('a.txt', { expiresIn: 60, contentDisposition: 'inline' });
    expect(verifySignedUrl(signed.url).valid).toBe(true);
    const tamper = (change: (url: URL) => void) => {
      const url = new URL(signed.url);
      change(url);
      return verifySignedUrl(url.toString()).valid;
    };
    expect(tamper((u) => (u.pathname = u.pathname.replace('a.txt', 'b.txt')))).toBe(false);
    expect(tamper((u) => u.searchParams.set('X-Goog-Expires', '604800'))).toBe(false);
    expect(tamper((u) => u.searchParams.set('response-content-disposition', 'attachment'))).toBe(false);
    expect(tamper((u) => u.searchParams.set('X-Goog-Signature', 'ab'.repeat(256)))).toBe(false);
  });

  it('signs a POST policy whose conditions pin the key, the MIME type and content-length-range [0, maxSize]', async () => {
    const upload = await provider.signedUpload('in/photo.jpg', { maxSize: 1234, contentType: 'image/jpeg', expiresIn: 300 });
    expect(upload).toMatchObject({ method: 'POST', url: 'https://storage.googleapis.com/stowage-signing/', fileField: 'file', enforcesMaxSize: true, headers: {} });
    const { fields } = upload;
    expect(fields.key).toBe('up/in/photo.jpg');
    expect(fields['x-goog-algorithm']).toBe('GOOG4-RSA-SHA256');
    expect(fields['x-goog-credential']).toBe(`${key.client_email}/${today()}/auto/storage/goog4_request`);
    const policy = JSON.parse(Buffer.from(fields.policy ?? '', 'base64').toString('utf8')) as { conditions: unknown[]; expiration: string };
    expect(policy.conditions).toContainEqual(['content-length-range', 0, 1234]);
    expect(policy.conditions).toContainEqual({ key: 'up/in/photo.jpg' });
    expect(policy.conditions).toContainEqual({ bucket: 'stowage-signing' });
    expect(policy.conditions).toContainEqual({ 'Content-Type': 'image/jpeg' });
    expect(Math.abs(Date.parse(policy.expiration) - upload.expiresAt.getTime())).toBeLessThan(2_000);
    const signature = Buffer.from(fields['x-goog-signature'] ?? '', 'hex');
    expect(verify('RSA-SHA256', Buffer.from(fields.policy ?? ''), publicKey, signature)).toBe(true);
    const forged = Buffer.from(JSON.stringify({ ...policy, conditions: [['content-length-range', 0, 10 ** 12]] })).toString('base64');
    expect(verify('RSA-SHA256', Buffer.from(forged), publicKey, signature)).toBe(false);
  });

  it('refuses lifetimes GCS would refuse', async () => {
    for (const expiresIn of [0, 604_801, 1.5]) {
      await expect(provider.signedUrl('a.txt', { expiresIn })).rejects.toSatisfy((e: unknown) => isStowageError(e, 'INVALID_INPUT'));
    }
  });
});

describe('credentials that cannot sign', () => {
  let dir: string;
  const saved = process.env.GOOGLE_APPLICATION_CREDENTIALS;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stowage-gcs-adc-'));
    // What `gcloud auth application-default login` writes: user credentials, no client_email.
    const file = join(dir, 'adc.json');
    await writeFile(file, JSON.stringify({ type: 'authorized_user', client_id: 'id', client_secret: 'not-a-real-secret', refresh_token: 'not-a-real-token' }));
    process.env.GOOGLE_APPLICATION_CREDENTIALS = file;
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
    else process.env.GOOGLE_APPLICATION_CREDENTIALS = saved;
    await rm(dir, { recursive: true, force: true });
  });

  it('signedUrl and signedUpload fail with INVALID_OPTIONS saying why, without echoing secrets', async () => {
    const provider = await gcs.init({ bucket: 'stowage-signing', projectId: 'p' });
    for (const attempt of [() => provider.signedUrl('a.txt'), () => provider.signedUpload('a.txt', { maxSize: 10 })]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(isStowageError(error, 'INVALID_OPTIONS')).toBe(true);
      const { message } = error as Error;
      expect(message).toMatch(/no client_email/);
      expect(message).toMatch(/service-account key/);
      expect(message).toMatch(/signBlob/);
      expect(message).not.toMatch(/not-a-real/);
    }
  });
});

import { isStowageError } from '@stowage/core';
import { describe, expect, it } from 'vitest';
import { signedUrlFor, verifySignedRequest, type SignedClaims } from './signing.js';

const signing = { secret: 's'.repeat(40), baseUrl: 'https://files.example.com/signed/' };
const NOW = Date.UTC(2030, 0, 1);
const expires = NOW / 1000 + 600;

function denied(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(isStowageError(error, 'ACCESS_DENIED')).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected ACCESS_DENIED');
}

const read: SignedClaims = { method: 'GET', key: 'a dir/naïve #1?.txt', expires, contentDisposition: 'attachment; filename="x.txt"' };

describe('signed URLs', () => {
  it('round-trips the key (percent-encoded per segment) and the disposition', () => {
    const url = signedUrlFor(read, signing);
    expect(url.startsWith('https://files.example.com/signed/a%20dir/na%C3%AFve%20%231%3F.txt?')).toBe(true);
    expect(verifySignedRequest(url, signing, NOW)).toEqual({
      method: 'GET',
      key: read.key,
      contentDisposition: read.contentDisposition,
      expiresAt: new Date(expires * 1000),
    });
  });

  it('accepts a path-only URL (as Node gives req.url) and HEAD for a GET signature', () => {
    const url = new URL(signedUrlFor(read, signing));
    expect(verifySignedRequest({ method: 'HEAD', url: url.pathname + url.search }, signing, NOW).key).toBe(read.key);
  });

  it('refuses an expired URL', () => {
    const url = signedUrlFor(read, signing);
    expect(denied(() => verifySignedRequest(url, signing, expires * 1000))).toMatch(/expired/);
    expect(denied(() => verifySignedRequest(url, signing, expires * 1000 + 1))).toMatch(/expired/);
  });

  it('refuses a tampered key', () => {
    const url = signedUrlFor({ method: 'GET', key: 'reports/a.txt', expires }, signing);
    denied(() => verifySignedRequest(url.replace('/a.txt', '/b.txt'), signing, NOW));
    denied(() => verifySignedRequest(url.replace('reports/', 'reports/x/'), signing, NOW));
  });

  it('refuses a tampered, added or removed disposition', () => {
    const url = signedUrlFor(read, signing);
    denied(() => verifySignedRequest(url.replace('x.txt', 'y.html'), signing, NOW));
    const plain = signedUrlFor({ method: 'GET', key: 'k', expires }, signing);
    denied(() => verifySignedRequest(`${plain}&disposition=inline`, signing, NOW));
    const u = new URL(url);
    u.searchParams.delete('disposition');
    denied(() => verifySignedRequest(u.toString(), signing, NOW));
  });

  it('refuses a tampered expiry', () => {
    const url = signedUrlFor(read, signing);
    denied(() => verifySignedRequest(url.replace(`expires=${expires}`, `expires=${expires + 3600}`), signing, NOW));
  });

  it('refuses another secret, never echoing either secret', () => {
    const url = signedUrlFor(read, signing);
    const message = denied(() => verifySignedRequest(url, { ...signing, secret: 't'.repeat(40) }, NOW));
    expect(message).not.toContain('sss');
    expect(message).not.toContain('ttt');
  });

  it('refuses a GET URL used for PUT, and an upload URL whose limit or type was changed', () => {
    denied(() => verifySignedRequest({ method: 'PUT', url: signedUrlFor(read, signing) }, signing, NOW));
    const put = signedUrlFor({ method: 'PUT', key: 'up.bin', expires, maxSize: 1024, contentType: 'image/png' }, signing);
    expect(verifySignedRequest({ method: 'PUT', url: put }, signing, NOW)).toMatchObject({ key: 'up.bin', maxSize: 1024, contentType: 'image/png' });
    denied(() => verifySignedRequest({ method: 'GET', url: put }, signing, NOW));
    denied(() => verifySignedRequest({ method: 'PUT', url: put.replace('max-size=1024', 'max-size=999999') }, signing, NOW));
    denied(() => verifySignedRequest({ method: 'PUT', url: put.replace('image%2Fpng', 'text%2Fhtml') }, signing, NOW));
    denied(() => verifySignedRequest({ method: 'DELETE', url: put }, signing, NOW));
  });

  it('refuses URLs outside the base path, without a signature, or with a key that breaks the key rules', () => {
    const url = signedUrlFor(read, signing);
    denied(() => verifySignedRequest(url.replace('/signed/', '/other/'), signing, NOW));
    denied(() => verifySignedRequest(url.replace(/&signature=[^&]*/, ''), signing, NOW));
    denied(() => verifySignedRequest('https://files.example.com/signed/%2e%2e/etc/passwd?expires=1&signature=x', signing, NOW));
    denied(() => verifySignedRequest('https://files.example.com/signed/%E0%A4%A?expires=1&signature=x', signing, NOW));
  });
});

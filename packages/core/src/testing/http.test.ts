import { describe, expect, it } from 'vitest';
import { retargetKey, tamperSignature } from './http.js';

const s3 = 'http://127.0.0.1:7480/bucket/dir/original.bin?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AK%2F20260101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20260101T000000Z&X-Amz-Expires=900&X-Amz-Signature=0123456789abcdef0123456789abcdef&X-Amz-SignedHeaders=host';
const azure = 'http://127.0.0.1:10000/devstoreaccount1/c/original.bin?sv=2025-01-05&se=2026-01-01T00%3A15%3A00Z&sr=b&sp=r&sig=AbCdEf%2BgHiJk%2FlMnOp%3D';

function diff(a: string, b: string): string[] {
  return [...a].flatMap((ch, i) => (ch === b[i] ? [] : [`${i}:${ch}>${b[i]}`]));
}

describe('tamperSignature', () => {
  it('changes exactly one character of the S3 signature, leaving every other byte as signed', () => {
    const tampered = tamperSignature(s3);
    expect(tampered).toHaveLength(s3.length);
    expect(diff(s3, tampered)).toHaveLength(1);
    expect(new URL(tampered).searchParams.get('X-Amz-Signature')).not.toBe(new URL(s3).searchParams.get('X-Amz-Signature'));
    expect(new URL(tampered).searchParams.get('X-Amz-Credential')).toBe(new URL(s3).searchParams.get('X-Amz-Credential'));
  });

  it('changes Azure\'s sig outside its %XX escapes', () => {
    const tampered = tamperSignature(azure);
    expect(diff(azure, tampered)).toHaveLength(1);
    expect(new URL(tampered).searchParams.get('sig')).not.toBe(new URL(azure).searchParams.get('sig'));
  });

  it('changes the last path segment of a URL without a query (an opaque token)', () => {
    expect(diff('http://h/dl/abcdef', tamperSignature('http://h/dl/abcdef'))).toHaveLength(1);
  });
});

describe('retargetKey', () => {
  it('points the path at another key and keeps the query', () => {
    expect(retargetKey(s3, 'original.bin', 'originam.bin')).toBe(s3.replace('/original.bin?', '/originam.bin?'));
  });

  it('is undefined when the URL does not carry the key', () => {
    expect(retargetKey('http://h/dl/token?x=1', 'original.bin', 'originam.bin')).toBeUndefined();
  });
});

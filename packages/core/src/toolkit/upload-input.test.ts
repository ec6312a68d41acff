import { describe, expect, it } from 'vitest';
import type { UploadInput } from '../provider.js';
import { checkHeaderValue, checkUploadInput } from './upload-input.js';

const body = new Uint8Array(0);

describe('checkUploadInput', () => {
  it('returns the normalized key, the defaulted MIME type and a copy of the metadata', () => {
    expect(checkUploadInput({ key: 'cafe\u0301.txt', body })).toEqual({ key: 'café.txt', contentType: 'application/octet-stream', metadata: {} });
    const input = { key: 'a', body, contentType: 'text/plain', cacheControl: 'no-store', contentDisposition: 'inline', metadata: { 'x-id': '1' } };
    expect(checkUploadInput(input)).toEqual({ key: 'a', contentType: 'text/plain', cacheControl: 'no-store', contentDisposition: 'inline', metadata: { 'x-id': '1' } });
  });

  it('checks the key first, with INVALID_KEY', () => {
    expect(() => checkUploadInput({ key: '../x', body, metadata: { Bad: 'x' } })).toThrow(expect.objectContaining({ code: 'INVALID_KEY' }));
  });

  it.each([
    ['contentType', { contentType: 'text/plain\r\nX-Evil: 1' }],
    ['cacheControl', { cacheControl: 'max-age=1\n' }],
    ['contentDisposition', { contentDisposition: 7 }],
    ['metadata name "Bad Name"', { metadata: { 'Bad Name': 'v' } }],
    ['metadata "n"', { metadata: { n: 1 } }],
  ])('refuses a bad %s with INVALID_INPUT naming it', (field, extra) => {
    expect(() => checkUploadInput({ key: 'k', body, ...extra } as UploadInput, { provider: 'p' })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', key: 'k', provider: 'p', message: expect.stringContaining(`Invalid ${field}: expected`) }),
    );
  });

  it('refuses an input that is not an object', () => {
    expect(() => checkUploadInput(null as never)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringMatching(/upload input/) }));
  });
});

describe('checkHeaderValue', () => {
  it('passes strings without control characters and undefined, and refuses the rest naming the field', () => {
    expect(checkHeaderValue('contentType', 'text/plain; charset=utf-8')).toBe('text/plain; charset=utf-8');
    expect(checkHeaderValue('contentType', undefined)).toBeUndefined();
    expect(() => checkHeaderValue('contentDisposition', 'inline\r\nSet-Cookie: x', { key: 'k' })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', key: 'k', message: expect.stringMatching(/^Invalid contentDisposition: expected a string without control characters/) }),
    );
  });
});

import { isStowageError } from '@stowage/core';
import { describe, expect, it } from 'vitest';
import { decodeMetadata, encodeMetadata, SHA256_METADATA } from './metadata.js';

describe('metadata', () => {
  it('keeps plain ASCII values as they are and round-trips the rest', () => {
    const values = { plain: 'hello world', unicode: 'café 🚀', spaces: '  padded ', empty: '', word: '=?UTF-8?B?aGk=?=' };
    const encoded = encodeMetadata(values, 'k');
    expect(encoded.plain).toBe('hello world');
    for (const value of Object.values(encoded)) expect(value).toMatch(/^[\x20-\x7e]+$/);
    expect(decodeMetadata(encoded)).toEqual(values);
  });

  it('hides the stored SHA-256 from user metadata', () => {
    expect(decodeMetadata({ a: '1', [SHA256_METADATA]: 'ab' })).toEqual({ a: '1' });
  });

  it('refuses bad names, reserved names and non-string values with INVALID_INPUT', () => {
    for (const bad of [{ 'Upper': 'x' }, { 'with space': 'x' }, { 'stowage-x': 'x' }, { ok: 1 }]) {
      let error: unknown;
      try {
        encodeMetadata(bad as never, 'k');
      } catch (e) {
        error = e;
      }
      expect(isStowageError(error, 'INVALID_INPUT')).toBe(true);
    }
  });
});

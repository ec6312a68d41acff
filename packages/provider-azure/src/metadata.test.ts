import { isStowageError } from '@stowage/core';
import { describe, expect, it } from 'vitest';
import { decodeMetadata, encodeMetadata } from './metadata.js';

describe('metadata names and values', () => {
  it('maps core names to C# identifiers and back, one to one', () => {
    const names = ['a', 'a-b', 'a--b', '-a', '--a', '1', '-1', '9-lives', 'x-'];
    const encoded = encodeMetadata(Object.fromEntries(names.map((n) => [n, n])), 'k');
    for (const name of Object.keys(encoded)) expect(name).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
    expect(new Set(Object.keys(encoded)).size).toBe(names.length);
    expect(decodeMetadata(encoded)).toEqual(Object.fromEntries(names.map((n) => [n, n])));
  });

  it('round-trips values a header cannot carry raw', () => {
    const values = { a: 'plain value', b: 'ünï 😀', c: '100%', d: ' padded ', e: 'line\nbreak', f: '' };
    expect(decodeMetadata(encodeMetadata(values, 'k'))).toEqual(values);
    expect(encodeMetadata({ a: 'plain value' }, 'k')).toEqual({ a: 'plain value' });
  });

  it('refuses names outside [a-z0-9-], naming them', () => {
    for (const name of ['Upper', 'under_score', 'sp ace', '']) {
      const error = (() => {
        try {
          encodeMetadata({ [name]: 'x' }, 'k');
        } catch (e) {
          return e;
        }
      })();
      expect(isStowageError(error, 'INVALID_INPUT'), name).toBe(true);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { checkMetadata, isMetadataName, MAX_METADATA_BYTES, MAX_METADATA_NAME_LENGTH } from './metadata-rule.js';

describe('isMetadataName', () => {
  it.each(['a', 'a-b', 'a1', '1st', '-a', 'a-', 'a--b', '9-lives', 'x'.repeat(MAX_METADATA_NAME_LENGTH), 'stowage'])('allows %s', (name) => {
    expect(isMetadataName(name)).toBe(true);
  });

  it.each(['', 'A', 'Ab', 'a_b', 'a.b', 'a b', 'a/b', 'é', 'x'.repeat(MAX_METADATA_NAME_LENGTH + 1), 'stowage-sha256', 'stowage-x'])('refuses %j', (name) => {
    expect(isMetadataName(name)).toBe(false);
  });
});

describe('checkMetadata', () => {
  it('returns a copy of valid metadata, and {} for none', () => {
    const metadata = { author: 'ada', note: 'café ☕', empty: '' };
    const copy = checkMetadata(metadata);
    expect(copy).toEqual(metadata);
    expect(copy).not.toBe(metadata);
    expect(checkMetadata(undefined)).toEqual({});
  });

  it('refuses a bad name with INVALID_INPUT naming it and the rule', () => {
    expect(() => checkMetadata({ Bad_Name: 'x' }, { key: 'k', provider: 'p' })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', key: 'k', provider: 'p', message: 'Invalid metadata name "Bad_Name": expected lower-case ASCII letters, digits and dashes' }),
    );
    expect(() => checkMetadata({ 'stowage-x': 'x' })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringMatching(/reserved prefix "stowage-"/) }));
    expect(() => checkMetadata({ ['a'.repeat(200)]: 'x' })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringContaining(`at most ${MAX_METADATA_NAME_LENGTH} characters`) }));
  });

  it('refuses values that are not strings, and metadata that is not an object', () => {
    for (const bad of [{ n: 1 }, { n: null }, 'a=b', ['a'], null]) {
      expect(() => checkMetadata(bad), JSON.stringify(bad)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    }
  });

  it(`allows ${MAX_METADATA_BYTES} UTF-8 bytes of names and values, and refuses one more`, () => {
    const full = { a: 'é'.repeat((MAX_METADATA_BYTES - 2) / 2), b: '' };
    expect(checkMetadata(full)).toEqual(full);
    expect(() => checkMetadata({ ...full, b: 'x' })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringMatching(/at most 2048 UTF-8 bytes/) }));
  });
});

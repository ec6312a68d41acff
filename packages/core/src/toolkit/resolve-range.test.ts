import { describe, expect, it } from 'vitest';
import type { ByteRange } from '../provider.js';
import { checkRange, resolveRange } from './resolve-range.js';

describe('resolveRange', () => {
  it.each([
    [{ start: 0 }, 10, { start: 0, end: 9 }],
    [{ start: 9 }, 10, { start: 9, end: 9 }],
    [{ start: 5, end: 5 }, 10, { start: 5, end: 5 }],
    [{ start: 5, end: 100 }, 10, { start: 5, end: 9 }],
    [{ suffix: 3 }, 10, { start: 7, end: 9 }],
    [{ suffix: 100 }, 10, { start: 0, end: 9 }],
    [{ start: 0, end: Number.MAX_SAFE_INTEGER }, 10, { start: 0, end: 9 }],
  ] as const)('%j of %i bytes is %j', (range, size, span) => {
    expect(resolveRange(range, size)).toEqual(span);
  });

  it.each([
    ['a start at the size', { start: 10 }, 10],
    ['a start past the size', { start: 15, end: 20 }, 10],
    ['an empty suffix', { suffix: 0 }, 10],
    ['a start of an empty object', { start: 0 }, 0],
    ['a suffix of an empty object', { suffix: 1 }, 0],
    ['an end before the start', { start: 5, end: 4 }, 10],
    ['a negative start', { start: -1 }, 10],
    ['a negative suffix', { suffix: -1 }, 10],
    ['a fractional start', { start: 1.5 }, 10],
    ['a fractional end', { start: 1, end: 2.5 }, 10],
    ['a NaN start', { start: Number.NaN }, 10],
    ['an infinite suffix', { suffix: Number.POSITIVE_INFINITY }, 10],
    ['a string start', { start: '1' }, 10],
    ['null', null, 10],
  ])('refuses %s with INVALID_RANGE', (_what, range, size) => {
    expect(() => resolveRange(range as ByteRange, size, { key: 'k', provider: 'p' })).toThrow(
      expect.objectContaining({ code: 'INVALID_RANGE', key: 'k', provider: 'p', message: expect.stringContaining(`object size ${size}`) }),
    );
  });
});

describe('checkRange', () => {
  it('returns well-formed ranges without needing the size, even ones no object satisfies', () => {
    expect(checkRange({ start: 10 ** 12 })).toEqual({ start: 10 ** 12 });
    expect(checkRange({ start: 1, end: 2 })).toEqual({ start: 1, end: 2 });
    expect(checkRange({ suffix: 4 })).toEqual({ suffix: 4 });
  });

  it('refuses malformed ranges with INVALID_RANGE naming the field', () => {
    expect(() => checkRange({ start: 3, end: 1 })).toThrow(expect.objectContaining({ code: 'INVALID_RANGE', message: expect.stringMatching(/end/) }));
    expect(() => checkRange({ suffix: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_RANGE', message: expect.stringMatching(/suffix/) }));
    expect(() => checkRange(undefined)).toThrow(expect.objectContaining({ code: 'INVALID_RANGE' }));
  });
});

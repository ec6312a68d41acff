import { describe, expect, it } from 'vitest';
import { parseRangeHeader } from './http-range.js';
import { resolveRange } from './range.js';

describe('parseRangeHeader', () => {
  it('parses the three single-range forms', () => {
    expect(parseRangeHeader('bytes=10-19')).toEqual({ start: 10, end: 19 });
    expect(parseRangeHeader('bytes=10-')).toEqual({ start: 10 });
    expect(parseRangeHeader('bytes=-5')).toEqual({ suffix: 5 });
  });
  it('ignores what it does not serve: none, other units, several ranges, bad syntax', () => {
    for (const header of [undefined, 'items=1-2', 'bytes=1-2,4-5', 'bytes=-', 'bytes=5-3', 'bytes=a-b']) {
      expect(parseRangeHeader(header)).toBeUndefined();
    }
  });
});

describe('resolveRange', () => {
  it('clamps the end and handles suffixes longer than the object', () => {
    expect(resolveRange({ start: 5, end: 100 }, 10)).toEqual({ start: 5, end: 9 });
    expect(resolveRange({ suffix: 100 }, 10)).toEqual({ start: 0, end: 9 });
    expect(resolveRange({ suffix: 3 }, 10)).toEqual({ start: 7, end: 9 });
  });
  it('refuses unsatisfiable or malformed ranges with INVALID_RANGE', () => {
    for (const [range, size] of [
      [{ start: 10 }, 10],
      [{ start: 0 }, 0],
      [{ suffix: 1 }, 0],
      [{ suffix: 0 }, 10],
      [{ start: 5, end: 4 }, 10],
      [{ start: -1 }, 10],
      [{ start: 1.5 }, 10],
    ] as const) {
      expect(() => resolveRange(range, size)).toThrow(expect.objectContaining({ code: 'INVALID_RANGE' }));
    }
  });
});

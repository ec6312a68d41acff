import { describe, expect, it } from 'vitest';
import { parseRangeHeader } from './range-header.js';

describe('parseRangeHeader', () => {
  it('parses the three single-range forms', () => {
    expect(parseRangeHeader('bytes=10-19')).toEqual({ start: 10, end: 19 });
    expect(parseRangeHeader('bytes=10-')).toEqual({ start: 10 });
    expect(parseRangeHeader('bytes=-5')).toEqual({ suffix: 5 });
    expect(parseRangeHeader(' Bytes = 1 - 2 ')).toEqual({ start: 1, end: 2 });
  });

  it('returns unsatisfiable ranges as they are, for a 416', () => {
    expect(parseRangeHeader('bytes=-0')).toEqual({ suffix: 0 });
    expect(parseRangeHeader('bytes=500-')).toEqual({ start: 500 });
  });

  it('reads positions past the safe integers as the largest one', () => {
    expect(parseRangeHeader('bytes=0-99999999999999999999')).toEqual({ start: 0, end: Number.MAX_SAFE_INTEGER });
    expect(parseRangeHeader('bytes=99999999999999999999-')).toEqual({ start: Number.MAX_SAFE_INTEGER });
  });

  it('ignores what it does not serve: none, other units, several ranges, bad syntax', () => {
    for (const header of [undefined, '', 'items=1-2', 'bytes=1-2,4-5', 'bytes=-', 'bytes=5-3', 'bytes=a-b', 'bytes=1.5-2']) {
      expect(parseRangeHeader(header), String(header)).toBeUndefined();
    }
  });
});

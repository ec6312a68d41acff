import { describe, expect, it } from 'vitest';
import { evaluateConditions, ifRangeHolds } from './conditional.js';

const v = { etag: '"abc"', lastModified: new Date('2026-01-01T10:00:00.500Z') };
const at = (iso: string) => new Date(iso).toUTCString();

describe('evaluateConditions', () => {
  it('If-Match: strong comparison, * matches, a mismatch is 412', () => {
    expect(evaluateConditions({ 'if-match': '"abc"' }, v, 'GET')).toBeUndefined();
    expect(evaluateConditions({ 'if-match': '"x", "abc"' }, v, 'GET')).toBeUndefined();
    expect(evaluateConditions({ 'if-match': '*' }, v, 'GET')).toBeUndefined();
    expect(evaluateConditions({ 'if-match': 'W/"abc"' }, v, 'GET')).toBe(412);
    expect(evaluateConditions({ 'if-match': '"x"' }, v, 'GET')).toBe(412);
  });

  it('If-None-Match: weak comparison, 304 for reads, 412 for writes; it wins over If-Modified-Since', () => {
    expect(evaluateConditions({ 'if-none-match': 'W/"abc"' }, v, 'GET')).toBe(304);
    expect(evaluateConditions({ 'if-none-match': '"abc"' }, v, 'PUT')).toBe(412);
    expect(evaluateConditions({ 'if-none-match': '"x"', 'if-modified-since': at('2030-01-01T00:00:00Z') }, v, 'GET')).toBeUndefined();
  });

  it('dates compare at second precision', () => {
    expect(evaluateConditions({ 'if-modified-since': at('2026-01-01T10:00:00Z') }, v, 'GET')).toBe(304);
    expect(evaluateConditions({ 'if-modified-since': at('2026-01-01T09:59:59Z') }, v, 'GET')).toBeUndefined();
    expect(evaluateConditions({ 'if-unmodified-since': at('2026-01-01T10:00:00Z') }, v, 'GET')).toBeUndefined();
    expect(evaluateConditions({ 'if-unmodified-since': at('2026-01-01T09:59:59Z') }, v, 'GET')).toBe(412);
    expect(evaluateConditions({ 'if-modified-since': 'not a date' }, v, 'GET')).toBeUndefined();
  });

  it('If-Range holds for the same strong ETag or the exact date only', () => {
    expect(ifRangeHolds(undefined, v)).toBe(true);
    expect(ifRangeHolds('"abc"', v)).toBe(true);
    expect(ifRangeHolds('"old"', v)).toBe(false);
    expect(ifRangeHolds(at('2026-01-01T10:00:00Z'), v)).toBe(true);
    expect(ifRangeHolds(at('2025-01-01T10:00:00Z'), v)).toBe(false);
  });
});

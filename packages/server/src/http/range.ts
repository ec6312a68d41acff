/** A satisfiable single range, inclusive, or why the header does not apply. */
export type RangeResult = { start: number; end: number } | 'unsatisfiable' | 'ignore';

/**
 * Parses a `Range` header against a representation of `size` bytes (RFC 9110 §14). Only one range is
 * served; several ranges, other units or a malformed header are ignored (the whole content is sent).
 */
export function parseRange(header: string | undefined, size: number): RangeResult {
  if (header === undefined) return 'ignore';
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (match === null) return 'ignore';
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return 'ignore';
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return 'ignore';
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}

import { isStowageError, parseRangeHeader, resolveRange } from '@stowage/core';

/** A satisfiable single range, inclusive, or why the header does not apply. */
export type RangeResult = { start: number; end: number } | 'unsatisfiable' | 'ignore';

/**
 * Applies a `Range` header to a representation of `size` bytes (RFC 9110 §14), with core's header parser
 * and range rule. Only one range is served; several ranges, other units or a malformed header are ignored
 * (the whole content is sent). Never throws.
 */
export function parseRange(header: string | undefined, size: number): RangeResult {
  const range = parseRangeHeader(header);
  if (range === undefined) return 'ignore';
  try {
    return resolveRange(range, size);
  } catch (error) {
    if (isStowageError(error, 'INVALID_RANGE')) return 'unsatisfiable';
    throw error;
  }
}

import { StowageError, type ByteRange } from '@stowage/core';
import { PROVIDER_NAME } from './errors.js';

/** The inclusive byte span a range selects. */
export interface ByteSpan {
  start: number;
  end: number;
}

/**
 * Resolves a {@link ByteRange} against an object of `size` bytes with HTTP's semantics: `end` is inclusive
 * and clamped to the last byte; `suffix` selects the last bytes (all of them when the object is shorter).
 * @throws `INVALID_RANGE` for a malformed or unsatisfiable range (a start at or past the end, an end
 *   before the start, a zero suffix, any range of an empty object).
 */
export function resolveRange(range: ByteRange, size: number, key?: string): ByteSpan {
  if (typeof range !== 'object' || range === null) throw invalidRange('expected { start, end? } or { suffix }', size, key);
  if ('suffix' in range) {
    const { suffix } = range;
    if (!Number.isSafeInteger(suffix) || suffix <= 0) throw invalidRange('suffix must be a positive integer', size, key);
    if (size === 0) throw invalidRange('the object is empty', size, key);
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const { start, end } = range as { start: unknown; end?: unknown };
  if (!Number.isSafeInteger(start) || (start as number) < 0) throw invalidRange('start must be a non-negative integer', size, key);
  if (end !== undefined && (!Number.isSafeInteger(end) || (end as number) < (start as number))) {
    throw invalidRange('end must be an integer not below start', size, key);
  }
  if ((start as number) >= size) throw invalidRange(`start ${String(start)} is not before the end of the object`, size, key);
  return { start: start as number, end: Math.min(size - 1, (end as number | undefined) ?? size - 1) };
}

function invalidRange(reason: string, size: number, key: string | undefined): StowageError {
  return new StowageError('INVALID_RANGE', `Invalid range: ${reason} (object size ${size})`, {
    provider: PROVIDER_NAME,
    ...(key === undefined ? {} : { key }),
  });
}

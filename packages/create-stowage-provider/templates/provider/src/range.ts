import { StowageError, type ByteRange } from '@stowage/core';
import { PROVIDER_NAME } from './errors.js';

/**
 * The inclusive bytes `range` selects in an object of `size` bytes, with HTTP's semantics: `end` is
 * clamped to the last byte, `suffix` takes the last bytes (all of them when the object is shorter).
 * @throws `INVALID_RANGE` for a start at or past the end, an end before the start, or an empty suffix.
 */
export function resolveRange(range: ByteRange, size: number, key: string): { start: number; end: number } {
  if ('suffix' in range) {
    if (!Number.isSafeInteger(range.suffix) || range.suffix <= 0) throw invalidRange('suffix must be a positive integer', size, key);
    if (size === 0) throw invalidRange('the object is empty', size, key);
    return { start: Math.max(0, size - range.suffix), end: size - 1 };
  }
  const { start, end } = range;
  if (!Number.isSafeInteger(start) || start < 0) throw invalidRange('start must be a non-negative integer', size, key);
  if (end !== undefined && (!Number.isSafeInteger(end) || end < start)) throw invalidRange('end must be an integer not below start', size, key);
  if (start >= size) throw invalidRange(`start ${start} is not before the end of the object`, size, key);
  return { start, end: Math.min(size - 1, end ?? size - 1) };
}

function invalidRange(reason: string, size: number, key: string): StowageError {
  return new StowageError('INVALID_RANGE', `Invalid range: ${reason} (object size ${size})`, { key, provider: PROVIDER_NAME });
}

import { StowageError } from '../../errors.js';
import type * as P from '../../provider.js';

/** Resolves a `ByteRange` against a size with HTTP's rules; `undefined` for no range. */
export function resolveRange(range: P.ByteRange | undefined, size: number, key: string): { start: number; end: number } | undefined {
  if (range === undefined) return undefined;
  const bad = () => new StowageError('INVALID_RANGE', `Range ${JSON.stringify(range)} cannot be satisfied by ${size} bytes`, { key });
  if ('suffix' in range) {
    if (!(range.suffix > 0) || size === 0) throw bad();
    return { start: Math.max(0, size - range.suffix), end: size - 1 };
  }
  if (!(range.start >= 0) || range.start >= size || (range.end !== undefined && range.end < range.start)) throw bad();
  return { start: range.start, end: Math.min(range.end ?? size - 1, size - 1) };
}

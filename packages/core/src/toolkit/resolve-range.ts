import type { ByteRange } from '../provider.js';
import { invalidRange, type RuleContext } from './rule-error.js';

/** The bytes a range selects, both ends inclusive (`ReadResult.range`). */
export interface ByteSpan {
  start: number;
  end: number;
}

/**
 * Checks the shape of a {@link ByteRange} without knowing the object's size, for providers whose backend
 * resolves the range itself (an S3 `Range` header): `{ start }` and `{ start, end }` need non-negative
 * safe integers with `end >= start`; `{ suffix }` needs a positive safe integer. Returns the range, typed.
 * {@link resolveRange} runs the same check first. `size`, when known, is named in the message.
 * @throws `INVALID_RANGE` naming what is wrong (the contract's code for any range it cannot serve).
 */
export function checkRange(range: unknown, context: RuleContext = {}, size?: number): ByteRange {
  if (typeof range !== 'object' || range === null) throw invalidRange('expected { start, end? } or { suffix }', size, context);
  if ('suffix' in range) {
    const { suffix } = range as { suffix: unknown };
    if (!isCount(suffix) || suffix === 0) throw invalidRange('suffix must be a positive integer', size, context);
    return { suffix };
  }
  const { start, end } = range as { start?: unknown; end?: unknown };
  if (!isCount(start)) throw invalidRange('start must be a non-negative integer', size, context);
  if (end === undefined) return { start };
  if (!isCount(end) || end < start) throw invalidRange('end must be an integer not below start', size, context);
  return { start, end };
}

/**
 * THE range rule of the contract: resolves a {@link ByteRange} against an object of `size` bytes with
 * HTTP's semantics (RFC 9110 §14.1.2). `{ start }` reads to the last byte; `{ start, end }` is inclusive
 * and `end` is clamped to the last byte; `{ suffix }` selects the last `suffix` bytes, the whole object
 * when it is shorter. Nothing of a 0-byte object can be selected, so every range of one is refused (as
 * HTTP answers 416): read it without a range.
 * @throws `INVALID_RANGE` for a malformed range (see {@link checkRange}), a start at or past the end of
 *   the object, an empty suffix, or any range of an empty object.
 */
export function resolveRange(range: ByteRange, size: number, context: RuleContext = {}): ByteSpan {
  const checked = checkRange(range, context, size);
  if ('suffix' in checked) {
    if (size === 0) throw invalidRange('the object is empty, it has no last bytes', size, context);
    return { start: Math.max(0, size - checked.suffix), end: size - 1 };
  }
  if (checked.start >= size) throw invalidRange(`start ${checked.start} is not before the end of the object`, size, context);
  return { start: checked.start, end: Math.min(size - 1, checked.end ?? size - 1) };
}

function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

import type { ByteRange } from '../provider.js';

// One range only: `bytes=first-last`, `bytes=first-`, `bytes=-suffix`, with optional whitespace.
const SINGLE_RANGE = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i;

/**
 * Parses an HTTP `Range` header (RFC 9110 §14.2) into a {@link ByteRange}, for anything that serves
 * objects over HTTP (the server, a provider's signed-URL handler). Resolve the result against the
 * object with {@link resolveRange}: a well-formed but unsatisfiable range is returned, so that the
 * caller answers 416. Returns `undefined` for what a server may ignore and answer with the whole object:
 * no header, another unit, several ranges, bad syntax, or a last position before the first.
 * Digits beyond `Number.MAX_SAFE_INTEGER` are read as it: a position past any object's end.
 * Never throws.
 */
export function parseRangeHeader(header: string | undefined): ByteRange | undefined {
  if (header === undefined) return undefined;
  const match = SINGLE_RANGE.exec(header);
  if (match === null) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return undefined;
  if (first === '') return { suffix: position(last) };
  const start = position(first);
  if (last === '') return { start };
  const end = position(last);
  return end < start ? undefined : { start, end };
}

// RFC 9110 allows any number of digits; past the safe range they all mean "beyond the end".
function position(digits: string): number {
  return Math.min(Number(digits), Number.MAX_SAFE_INTEGER);
}

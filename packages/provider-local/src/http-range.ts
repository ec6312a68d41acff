import type { ByteRange } from '@stowage/core';

/**
 * Parses an HTTP `Range` header into a {@link ByteRange}. Returns `undefined` for anything it does not
 * serve (no header, another unit, several ranges, bad syntax): RFC 9110 lets a server ignore such a
 * header and answer the whole object. Unsatisfiable but well-formed ranges are returned, so that the
 * caller answers 416.
 */
export function parseRangeHeader(header: string | undefined): ByteRange | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (match === null) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return undefined;
  if (first === '') return { suffix: Number(last) };
  const start = Number(first);
  if (last === '') return { start };
  const end = Number(last);
  return end < start ? undefined : { start, end };
}

import type { IncomingHttpHeaders } from 'node:http';

/** The validators of the representation being served. */
export interface Validators {
  /** Quoted strong ETag. */
  etag: string;
  lastModified: Date;
}

/**
 * Evaluates the conditional request headers in RFC 9110 §13.2.2 order: If-Match, If-Unmodified-Since,
 * If-None-Match, If-Modified-Since. Returns the status to answer instead of the content, if any.
 */
export function evaluateConditions(headers: IncomingHttpHeaders, validators: Validators, method: string): 304 | 412 | undefined {
  const ifMatch = headers['if-match'];
  if (ifMatch !== undefined) {
    if (!matches(ifMatch, validators.etag, false)) return 412;
  } else {
    const since = parseDate(headers['if-unmodified-since']);
    if (since !== undefined && seconds(validators.lastModified) > seconds(since)) return 412;
  }
  const ifNoneMatch = headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    if (matches(ifNoneMatch, validators.etag, true)) return method === 'GET' || method === 'HEAD' ? 304 : 412;
  } else if (method === 'GET' || method === 'HEAD') {
    const since = parseDate(headers['if-modified-since']);
    if (since !== undefined && seconds(validators.lastModified) <= seconds(since)) return 304;
  }
  return undefined;
}

/** Whether an `If-Range` header allows serving the range: its ETag (strong) or date matches. */
export function ifRangeHolds(header: string | undefined, validators: Validators): boolean {
  if (header === undefined) return true;
  const value = header.trim();
  if (value.startsWith('"') || value.startsWith('W/')) return value === validators.etag;
  const date = parseDate(value);
  return date !== undefined && seconds(date) === seconds(validators.lastModified);
}

// Weak comparison for If-None-Match, strong for If-Match (RFC 9110 §8.8.3.2).
function matches(header: string, etag: string, weak: boolean): boolean {
  if (header.trim() === '*') return true;
  const opaque = (tag: string) => (weak ? tag.replace(/^W\//, '') : tag);
  return header
    .split(',')
    .map((t) => t.trim())
    .filter((t) => weak || !t.startsWith('W/'))
    .some((t) => opaque(t) === opaque(etag));
}

function parseDate(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time);
}

// HTTP dates have second precision.
function seconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

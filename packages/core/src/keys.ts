import { StowageError } from './errors.js';

/** The longest key accepted, in UTF-8 bytes (S3's and GCS's limit). */
export const MAX_KEY_BYTES = 1024;

/** Options of {@link normalizeKey}. */
export interface NormalizeKeyOptions {
  /** A prefix (the provider's root path) joined before the key with `/`; checked by the same rules. */
  prefix?: string;
}

// C0 controls, DEL and C1 controls.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * The one key normalizer every provider uses. Rules, checked in this order:
 *
 * 1. A key is a non-empty string of at most {@link MAX_KEY_BYTES} UTF-8 bytes (the prefix included).
 * 2. It is NFC-normalized, so `é` typed two ways is one key.
 * 3. Refused, with `INVALID_KEY`: NUL and other control characters; backslashes; a leading `/`
 *    (absolute) or a drive letter (`C:`); empty segments (`a//b`, a trailing `/`); `.` and `..` segments;
 *    and segments that compatibility-normalize (NFKC) to `.`/`..` or to something containing `/` or `\`
 *    (full-width dots and slashes: look-alikes that a later system could fold into traversal).
 * 4. Everything else is kept as is: spaces, `+`, `%`, `#`, `?`, any other Unicode. Keys are never
 *    percent-decoded.
 * 5. With `prefix`, the result is `prefix/key` (a trailing `/` on the prefix is allowed).
 *
 * @throws `INVALID_KEY` naming the rule broken.
 */
export function normalizeKey(key: unknown, options: NormalizeKeyOptions = {}): string {
  const normalized = checkPath(key, 'key');
  if (options.prefix === undefined || options.prefix === '') return checkLength(normalized, normalized);
  const prefix = checkPath(options.prefix.replace(/\/+$/, ''), 'prefix');
  return checkLength(`${prefix}/${normalized}`, normalized);
}

/**
 * Checks a key prefix used for listing: the same rules as keys, except that it may be empty and may end
 * with `/` or part of a segment.
 * @throws `INVALID_KEY`.
 */
export function normalizePrefix(prefix: unknown, options: NormalizeKeyOptions = {}): string {
  if (prefix === undefined || prefix === '') return options.prefix ? `${normalizeKey(options.prefix)}/` : '';
  if (typeof prefix !== 'string') throw invalid('prefix', 'must be a string');
  const trailingSlash = prefix.endsWith('/');
  const body = checkPath(trailingSlash ? prefix.slice(0, -1) : prefix, 'prefix');
  const withRoot = options.prefix ? `${normalizeKey(options.prefix)}/${body}` : body;
  return trailingSlash ? `${withRoot}/` : withRoot;
}

/**
 * Strips a provider's prefix from a stored key, for listings.
 * Returns `undefined` when the stored key is not under the prefix.
 */
export function stripPrefix(storedKey: string, prefix: string | undefined): string | undefined {
  if (!prefix) return storedKey;
  const root = `${prefix.replace(/\/+$/, '')}/`;
  return storedKey.startsWith(root) ? storedKey.slice(root.length) : undefined;
}

function checkPath(value: unknown, what: 'key' | 'prefix'): string {
  if (typeof value !== 'string') throw invalid(what, `must be a string, got ${value === null ? 'null' : typeof value}`);
  if (value.length === 0) throw invalid(what, 'must not be empty');
  const text = value.normalize('NFC');
  if (CONTROL.test(text)) throw invalid(what, 'must not contain NUL or control characters');
  if (text.includes('\\')) throw invalid(what, 'must not contain a backslash');
  if (text.startsWith('/')) throw invalid(what, 'must be relative (no leading "/")');
  if (/^[a-zA-Z]:/.test(text)) throw invalid(what, 'must be relative (no drive letter)');
  for (const segment of text.split('/')) {
    if (segment === '') throw invalid(what, 'must not contain empty segments ("//" or a trailing "/")');
    if (segment === '.' || segment === '..') throw invalid(what, `must not contain "${segment}" segments`);
    const folded = segment.normalize('NFKC');
    if (folded === '.' || folded === '..' || folded.includes('/') || folded.includes('\\')) {
      throw invalid(what, 'must not contain look-alikes of ".", ".." or path separators');
    }
  }
  return text;
}

function checkLength(full: string, key: string): string {
  if (Buffer.byteLength(full, 'utf8') > MAX_KEY_BYTES) {
    throw invalid('key', `must be at most ${MAX_KEY_BYTES} UTF-8 bytes with its prefix`, key);
  }
  return full;
}

function invalid(what: string, rule: string, key?: string): StowageError {
  return new StowageError('INVALID_KEY', `Invalid ${what}: it ${rule}`, key === undefined ? {} : { key });
}

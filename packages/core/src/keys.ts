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
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const DRIVE = /^[a-zA-Z]:/;

/**
 * The one key normalizer every provider uses. Rules, checked in this order:
 *
 * 1. A key is a non-empty string of at most {@link MAX_KEY_BYTES} UTF-8 bytes (the prefix included).
 * 2. It is NFC-normalized, so `é` typed two ways is one key.
 * 3. Refused, with `INVALID_KEY`: NUL and other control characters (C0, DEL, C1); lone UTF-16
 *    surrogates (not valid Unicode, so not storable as UTF-8); backslashes; a leading `/` (absolute) or a
 *    drive letter (`C:`, also in its full-width form `Ｃ：`); empty segments (`a//b`, a trailing `/`); `.`
 *    and `..` segments; and segments that compatibility-normalize (NFKC) to `.`/`..` or to something
 *    containing `/` or `\` (full-width dots and slashes, `‥`: look-alikes that a later system could fold
 *    into traversal).
 * 4. Everything else is kept as is: spaces, `+`, `%`, `#`, `?`, any other Unicode. Keys are never
 *    percent-decoded.
 * 5. With `prefix`, the result is `prefix/key` (a trailing `/` on the prefix is allowed).
 *
 * @throws `INVALID_KEY` naming the rule broken.
 */
export function normalizeKey(key: unknown, options: NormalizeKeyOptions = {}): string {
  const normalized = checkPath(key, 'key');
  const root = rootOf(options.prefix);
  return checkLength(root === undefined ? normalized : `${root}/${normalized}`, normalized);
}

/**
 * Checks a key prefix used for listing: the same rules as keys, except that it may be empty and may end
 * with `/` or part of a segment.
 * @throws `INVALID_KEY`.
 */
export function normalizePrefix(prefix: unknown, options: NormalizeKeyOptions = {}): string {
  const root = rootOf(options.prefix);
  if (prefix === undefined || prefix === '') return root === undefined ? '' : `${root}/`;
  if (typeof prefix !== 'string') throw invalid('prefix', `must be a string, got ${prefix === null ? 'null' : typeof prefix}`);
  const trailingSlash = prefix.endsWith('/');
  const body = checkPath(trailingSlash ? prefix.slice(0, -1) : prefix, 'prefix');
  const withRoot = root === undefined ? body : `${root}/${body}`;
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

// The provider's own prefix: optional, trailing slashes allowed, otherwise the key rules.
function rootOf(prefix: unknown): string | undefined {
  if (prefix === undefined || prefix === '') return undefined;
  if (typeof prefix !== 'string') throw invalid('prefix', `must be a string, got ${prefix === null ? 'null' : typeof prefix}`);
  return checkPath(prefix.replace(/\/+$/, ''), 'prefix');
}

function checkPath(value: unknown, what: 'key' | 'prefix'): string {
  if (typeof value !== 'string') throw invalid(what, `must be a string, got ${value === null ? 'null' : typeof value}`);
  if (value.length === 0) throw invalid(what, 'must not be empty');
  const text = value.normalize('NFC');
  if (CONTROL.test(text)) throw invalid(what, 'must not contain NUL or control characters');
  if (LONE_SURROGATE.test(text)) throw invalid(what, 'must be valid Unicode (no lone surrogates)');
  if (text.includes('\\')) throw invalid(what, 'must not contain a backslash');
  if (text.startsWith('/')) throw invalid(what, 'must be relative (no leading "/")');
  if (DRIVE.test(text) || DRIVE.test(text.normalize('NFKC'))) throw invalid(what, 'must be relative (no drive letter)');
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

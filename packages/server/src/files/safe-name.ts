import { isStowageError, normalizeKey } from '@stowage/core';
import { HttpError } from '../http/http-status.js';

/** The longest file name kept, in characters. */
export const MAX_NAME_LENGTH = 255;

/**
 * Checks a user-given file name (a multipart `filename`, `metadata.name`, Strapi's `fileInfo.name`) and
 * returns it NFC-normalized. A name is one path segment by core's key rules: no NUL or control
 * characters, no `/` or `\`, not `.` or `..`, no look-alikes that fold into those (full-width slashes,
 * `‥`), no percent-encoded separators, valid Unicode, at most {@link MAX_NAME_LENGTH} characters. Names never become storage keys, but
 * they reach `Content-Disposition`, logs and whatever a user later saves the file as.
 * @throws `HttpError` 400 `INVALID_KEY` naming the field and the rule broken.
 */
export function safeFileName(name: string, field: string): string {
  const fail = (why: string) => new HttpError('INVALID_KEY', `Invalid ${field}: the file name ${why}`, { field });
  if (name.trim() === '') throw fail('must not be empty');
  if (name.length > MAX_NAME_LENGTH) throw fail(`must be at most ${MAX_NAME_LENGTH} characters`);
  let normalized: string;
  try {
    normalized = normalizeKey(name);
  } catch (error) {
    if (!isStowageError(error, 'INVALID_KEY')) throw error;
    throw fail(error.message.replace(/^Invalid key: it /, ''));
  }
  if (normalized.includes('/')) throw fail('must not contain "/"');
  // Never decoded here, but a later system (a proxy, a download manager) might decode them.
  if (/%(2f|5c|00)|%2e%2e/i.test(normalized)) throw fail('must not contain percent-encoded separators, dots or NUL');
  return normalized;
}

/**
 * Checks a folder-like `path` (Strapi's `path` field): relative segments by core's key rules, so `../`,
 * `..%2f`, absolute paths, NUL, backslashes and look-alikes are refused; a trailing `/` is dropped.
 * @throws `HttpError` 400 `INVALID_KEY`.
 */
export function safeFolderPath(path: string, field: string): string {
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') return '';
  let normalized: string;
  try {
    normalized = normalizeKey(trimmed);
  } catch (error) {
    if (!isStowageError(error, 'INVALID_KEY')) throw error;
    throw new HttpError('INVALID_KEY', `Invalid ${field}: ${error.message.replace(/^Invalid (key|prefix): /, '')}`, { field });
  }
  if (/%(2f|5c|00)|%2e%2e/i.test(normalized)) throw new HttpError('INVALID_KEY', `Invalid ${field}: it must not contain percent-encoded separators, dots or NUL`, { field });
  return normalized;
}

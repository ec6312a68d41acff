import type { Bucket, File, Storage } from '@google-cloud/storage';
import { abortError, normalizeKey, stripPrefix } from '@stowage/core';
import { gcsError } from './errors.js';
import type { ResolvedGcsOptions } from './options.js';

/**
 * The first key segment of the hidden objects that hold resumable uploads in progress (under the prefix).
 * Users cannot store, read or list keys there: a user object must never be mistaken for an upload's piece.
 */
export const HIDDEN_FOLDER = '.stowage-resumable';

/** Whether `key` (normalized, without the prefix) lies in {@link HIDDEN_FOLDER}. */
export function isHiddenKey(key: string): boolean {
  return key === HIDDEN_FOLDER || key.startsWith(`${HIDDEN_FOLDER}/`);
}

/** What every operation of one provider instance shares. */
export interface GcsContext {
  readonly storage: Storage;
  readonly bucket: Bucket;
  readonly options: ResolvedGcsOptions;
  /** The normalized key prefix without a trailing `/`, or `''`. */
  readonly prefix: string;
  /** Whether requests go to a custom endpoint (an emulator, a private endpoint). */
  readonly customEndpoint: boolean;
  /** The JSON API endpoint in use, without a trailing `/`. */
  readonly apiEndpoint: string;
}

/**
 * The stored object name of `key`: checked by core's key rules, joined under the prefix.
 * @throws `INVALID_KEY` for a key that breaks the rules or lies in {@link HIDDEN_FOLDER}.
 */
export function storedName(ctx: GcsContext, key: string): string {
  const name = normalizeKey(key, ctx.prefix === '' ? {} : { prefix: ctx.prefix });
  const normalized = normalizeKey(key);
  if (isHiddenKey(normalized)) {
    throw gcsError('INVALID_KEY', `Invalid key: its first segment "${HIDDEN_FOLDER}" is reserved for resumable uploads in progress`, normalized);
  }
  return name;
}

/** The key of a stored object name, without the prefix; `undefined` when it is outside the prefix. */
export function keyOf(ctx: GcsContext, name: string): string | undefined {
  return stripPrefix(name, ctx.prefix === '' ? undefined : ctx.prefix);
}

/** The key as normalized (NFC), relative to the prefix, as results report it. */
export function normalizedKey(key: string): string {
  return normalizeKey(key);
}

/** The SDK handle of `key`'s object. */
export function fileOf(ctx: GcsContext, key: string): File {
  return ctx.bucket.file(storedName(ctx, key));
}

/** The public URL of a stored object when `baseUrl` is set. */
export function publicUrl(ctx: GcsContext, name: string): string | undefined {
  if (ctx.options.baseUrl === undefined) return undefined;
  const base = ctx.options.baseUrl.replace(/\/+$/, '');
  return `${base}/${name.split('/').map(encodeURIComponent).join('/')}`;
}

/**
 * Runs `run` unless `signal` aborts first. The SDK's calls take no AbortSignal, so an abort stops the
 * wait (the call then fails with `ABORTED`), not necessarily the request in flight.
 */
export async function abortable<T>(signal: AbortSignal | undefined, key: string | undefined, run: () => Promise<T>): Promise<T> {
  if (signal === undefined) return run();
  if (signal.aborted) throw abortError(key, signal.reason);
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(abortError(key, signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([run(), aborted]);
  } finally {
    if (onAbort !== undefined) signal.removeEventListener('abort', onAbort);
  }
}

/** An entity tag without quotes. */
export function unquote(etag: string | undefined): string | undefined {
  return etag?.replace(/^W\//, '').replace(/^"|"$/g, '');
}

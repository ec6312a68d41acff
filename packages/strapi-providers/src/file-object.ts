import type { StrapiFile } from './types.js';

/**
 * How a Stowage key becomes Strapi's `path` + `hash` + `ext`:
 * - `path`: the key's folders go in `path`, its base name (without extension) in `hash`. Providers that
 *   build object keys from `path/hash.ext` (aws-s3) then store at exactly the Stowage key.
 * - `flat`: the whole key goes in `hash`, `/` written `%2F` (and `%` as `%25`, so distinct keys stay
 *   distinct), for providers that write `hash.ext` into one directory (provider-local).
 */
export type KeyStyle = 'path' | 'flat';

// Only plain extensions count as `ext`: providers sanitize `ext` (aws-s3 keeps [A-Za-z0-9.]), and any
// other character would silently change the stored key.
const EXT = /\.[A-Za-z0-9]{1,16}$/;

/** Bytes as Strapi's `size`: kilobytes of 1000 bytes, two decimals. */
export function bytesToKbytes(bytes: number): number {
  return Math.round((bytes / 1000) * 100) / 100;
}

/**
 * Strapi's file object for `key` (already normalized), without bytes: what `delete`, `getSignedUrl`
 * and the URL of a read need. `sizeInBytes` is the body's length when known (Strapi always knows it;
 * a stream of unknown length reports size 0).
 */
export function fileForKey(key: string, style: KeyStyle, facts: { mime?: string; sizeInBytes?: number } = {}): StrapiFile {
  const slash = key.lastIndexOf('/');
  const base = key.slice(slash + 1);
  const ext = EXT.exec(base)?.[0] ?? '';
  const stem = key.slice(0, key.length - ext.length);
  const sizeInBytes = facts.sizeInBytes;
  const file: StrapiFile = {
    name: base,
    hash: style === 'flat' ? stem.replace(/%/g, '%25').replace(/\//g, '%2F') : stem.slice(slash + 1),
    ext,
    mime: facts.mime ?? 'application/octet-stream',
    size: sizeInBytes === undefined ? 0 : bytesToKbytes(sizeInBytes),
    ...(sizeInBytes === undefined ? {} : { sizeInBytes }),
  };
  if (style === 'path' && slash > 0) file.path = key.slice(0, slash);
  return file;
}

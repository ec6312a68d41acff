import { randomBytes } from 'node:crypto';
import { join, sep } from 'node:path';
import { normalizeKey, StowageError } from '@stowage/core';
import { PROVIDER_NAME } from './errors.js';

/**
 * Names starting with this are the provider's own: the `.stowage` directory at the root (metadata) and
 * `.stowage-tmp-*` files (writes in progress). Keys with such a segment are refused, so no user key can
 * ever collide with them, and listings skip them.
 */
export const RESERVED_PREFIX = '.stowage';

/** Where metadata sidecars live, relative to the root. */
export const META_DIR = [RESERVED_PREFIX, 'meta'] as const;

/** Where one key lives on disk. */
export interface KeyPaths {
  /** The normalized key. */
  key: string;
  /** The key's segments. */
  segments: string[];
  /** The segments of the key's folder (all but the last). */
  dirSegments: string[];
  /** The object file. */
  objectPath: string;
  /** The directory holding the object file. */
  objectDir: string;
  /** The metadata sidecar (JSON). */
  metaPath: string;
  /** The directory holding the sidecar. */
  metaDir: string;
}

/**
 * Normalizes `key` with core's `normalizeKey`, refuses reserved segments, and maps it under `root`.
 * Objects are stored at `<root>/<key>`; sidecars at `<root>/.stowage/meta/<key>` (the same relative path,
 * so two keys that can coexist as objects can always coexist as sidecars).
 * @throws `INVALID_KEY`.
 */
export function keyPaths(root: string, rawKey: unknown): KeyPaths {
  const key = normalizeKey(rawKey);
  const segments = key.split('/');
  if (segments.some((segment) => segment.startsWith(RESERVED_PREFIX))) {
    throw new StowageError('INVALID_KEY', `Invalid key: its segments must not start with "${RESERVED_PREFIX}" (reserved by the local provider)`, {
      key,
      provider: PROVIDER_NAME,
    });
  }
  const objectPath = inside(root, join(root, ...segments), key);
  const metaRoot = join(root, ...META_DIR);
  const metaPath = inside(metaRoot, join(metaRoot, ...segments), key);
  return {
    key,
    segments,
    dirSegments: segments.slice(0, -1),
    objectPath,
    objectDir: join(root, ...segments.slice(0, -1)),
    metaPath,
    metaDir: join(metaRoot, ...segments.slice(0, -1)),
  };
}

/** A fresh temporary file name in `dir`, in the reserved namespace. */
export function tempPath(dir: string): string {
  return join(dir, `${RESERVED_PREFIX}-tmp-${randomBytes(12).toString('hex')}`);
}

// normalizeKey already refuses traversal; this second check guards against a future rule change or a
// platform whose path joining differs (a drive-relative segment on Windows).
function inside(base: string, path: string, key: string): string {
  if (!path.startsWith(base.endsWith(sep) ? base : base + sep)) {
    throw new StowageError('INVALID_KEY', 'Invalid key: it resolves outside the root directory', { key, provider: PROVIDER_NAME });
  }
  return path;
}

/** The key as a URL path: each segment percent-encoded, joined with `/`. */
export function encodeKeyPath(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}

/** `<baseUrl>/<encoded key>`, or `undefined` without a base URL. */
export function publicUrl(baseUrl: string | undefined, key: string): string | undefined {
  if (baseUrl === undefined) return undefined;
  return `${baseUrl.replace(/\/+$/, '')}/${encodeKeyPath(key)}`;
}

import { randomBytes } from 'node:crypto';

/**
 * A new storage key for a file's bytes: `<bucket>/<file id>/<random>`. Every content write gets a fresh
 * key, so a record only ever switches to bytes that are completely stored.
 */
export function newStorageKey(bucketId: string, fileId: string): string {
  return `${bucketId}/${fileId}/${randomBytes(8).toString('hex')}`;
}

/** File ids: UUIDs by default; custom ids are URL- and key-safe. */
export const FILE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

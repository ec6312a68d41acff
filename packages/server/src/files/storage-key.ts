import { randomBytes } from 'node:crypto';

/**
 * A new storage key for a file's bytes: `<bucket>/<file id>.<random>`. Every content write gets a fresh
 * key, so a record only ever switches to bytes that are completely stored. The key is flat under the
 * bucket (file ids never contain a dot, so the two parts cannot be confused): a disk provider then
 * writes into a folder that already exists instead of making and removing one per file.
 */
export function newStorageKey(bucketId: string, fileId: string): string {
  return `${bucketId}/${fileId}.${randomBytes(8).toString('hex')}`;
}

/** File ids: UUIDs by default; custom ids are URL- and key-safe. */
export const FILE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

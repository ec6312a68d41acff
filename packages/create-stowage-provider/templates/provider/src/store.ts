import { createHash, randomBytes } from 'node:crypto';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Context, withLock } from './context.js';
import { mapError } from './errors.js';

/**
 * The directory store this package starts from. Each object is two files:
 *
 * - a blob (`blobs/<random>.bin`) holding exactly the uploaded bytes, never modified once written;
 * - a record (`records/<sha256 of the key>.json`) naming the key, the blob and the metadata.
 *
 * Writing the record (a temporary file renamed into place) is the commit: a reader sees the old object
 * or the new one, never a mix, and an upload that fails before the rename leaves nothing behind. Hashing
 * the key gives every key, however long or odd, a safe file name.
 *
 * Replace this file with your backend's calls; keep the all-or-nothing rule.
 */
export interface StoredRecord {
  /** Format version of the record. */
  v: 1;
  key: string;
  /** The blob's file name under `blobs/`. */
  blob: string;
  size: number;
  sha256: string;
  contentType: string;
  cacheControl?: string;
  contentDisposition?: string;
  metadata: Record<string, string>;
  /** ISO date of the upload. */
  lastModified: string;
}

/** The record file of a (normalized) key. */
export function recordPath(ctx: Context, key: string): string {
  return join(ctx.records, `${createHash('sha256').update(key, 'utf8').digest('hex')}.json`);
}

/** A fresh name for a blob or temporary file. */
export function freshName(extension: string): string {
  return `${randomBytes(16).toString('hex')}${extension}`;
}

/** The record of `key`, or `undefined` when nothing is stored there. */
export async function readRecord(ctx: Context, key: string): Promise<StoredRecord | undefined> {
  return readRecordFile(recordPath(ctx, key), key);
}

/** Reads one record file; `undefined` when it does not exist. */
export async function readRecordFile(path: string, key?: string): Promise<StoredRecord | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return undefined;
    throw mapError(error, 'read', key);
  }
  return JSON.parse(text) as StoredRecord;
}

/**
 * Commits `record`: writes it beside the records, renames it into place, then removes the blob of the
 * object it replaced. Writers of one key take turns, so no blob is removed while its record is current.
 */
export async function commitRecord(ctx: Context, record: StoredRecord): Promise<void> {
  const target = recordPath(ctx, record.key);
  const temp = join(ctx.tmp, freshName('.json'));
  try {
    await writeFile(temp, `${JSON.stringify(record)}\n`, { flag: 'wx' });
    await withLock(ctx, target, async () => {
      const previous = await readRecordFile(target, record.key);
      await rename(temp, target);
      if (previous !== undefined && previous.blob !== record.blob) await removeBlob(ctx, previous.blob);
    });
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw mapError(error, 'write', record.key);
  }
}

/** Removes the record of `key` and its blob; a key with nothing stored is fine. */
export async function removeRecord(ctx: Context, key: string): Promise<void> {
  const target = recordPath(ctx, key);
  await withLock(ctx, target, async () => {
    const previous = await readRecordFile(target, key);
    if (previous === undefined) return;
    await unlink(target).catch((error: unknown) => {
      if ((error as { code?: string }).code !== 'ENOENT') throw mapError(error, 'write', key);
    });
    await removeBlob(ctx, previous.blob);
  });
}

/** Removes a blob; one already gone is fine. */
export async function removeBlob(ctx: Context, blob: string): Promise<void> {
  await unlink(join(ctx.blobs, blob)).catch(() => undefined);
}

import { copyFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { normalizeKey, type CallOptions } from '@stowage/core';
import type { Context } from './context.js';
import { mapError, notFound } from './errors.js';
import { commitRecord, freshName, readRecord, removeBlob } from './store.js';

/**
 * `copy`: copies the source's blob (the file system copies it, no bytes pass through memory) and commits
 * a record for the target with the source's MIME type and metadata, replacing any object there.
 */
export async function copy(ctx: Context, rawFrom: string, rawTo: string, _options: CallOptions = {}): Promise<void> {
  const from = normalizeKey(rawFrom);
  const to = normalizeKey(rawTo);
  const source = await readRecord(ctx, from);
  if (source === undefined) throw notFound(from);
  const blob = freshName('.bin');
  try {
    await copyFile(join(ctx.blobs, source.blob), join(ctx.blobs, blob));
  } catch (error) {
    await unlink(join(ctx.blobs, blob)).catch(() => undefined);
    // The source's blob vanished: it was deleted or replaced while we copied.
    throw (error as { code?: string }).code === 'ENOENT' ? notFound(from) : mapError(error, 'write', to);
  }
  try {
    await commitRecord(ctx, { ...source, key: to, blob, lastModified: new Date().toISOString() });
  } catch (error) {
    await removeBlob(ctx, blob);
    throw error;
  }
}

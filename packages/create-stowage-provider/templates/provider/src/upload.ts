import { createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { checkUploadInput, meterUpload, toReadable, type UploadInput, type UploadResult } from '@stowage/core';
import type { Context } from './context.js';
import { mapError, PROVIDER_NAME } from './errors.js';
import { commitRecord, freshName, removeBlob, type StoredRecord } from './store.js';

/**
 * `upload`: streams the body through core's upload meter into a temporary file, moves it to a blob, then
 * commits the record. The meter fails (size, maxSize, checksum, abort) before the stream ends, so a bad
 * body never reaches the commit. Memory stays flat whatever the body's size.
 */
export async function upload(ctx: Context, input: UploadInput): Promise<UploadResult> {
  // Core's rules for the key, the MIME type and headers, and the metadata, before a byte of the body is read.
  const checked = checkUploadInput(input, { provider: PROVIDER_NAME });
  const { key, contentType } = checked;
  const meter = meterUpload(toReadable(input.body), { ...input, key });
  const blob = freshName('.bin');
  const temp = join(ctx.tmp, blob);
  try {
    await pipeline(meter, createWriteStream(temp, { flags: 'wx' }));
    await rename(temp, join(ctx.blobs, blob));
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw mapError(error, 'write', key);
  }
  const record: StoredRecord = {
    v: 1,
    key,
    blob,
    size: meter.bytes,
    sha256: meter.digest(),
    contentType,
    ...(checked.cacheControl === undefined ? {} : { cacheControl: checked.cacheControl }),
    ...(checked.contentDisposition === undefined ? {} : { contentDisposition: checked.contentDisposition }),
    metadata: checked.metadata,
    lastModified: new Date().toISOString(),
  };
  try {
    await commitRecord(ctx, record);
  } catch (error) {
    await removeBlob(ctx, blob);
    throw error;
  }
  return { key, size: record.size, contentType, etag: record.sha256, sha256: record.sha256 };
}

import { createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { meterUpload, normalizeKey, toReadable, type UploadInput, type UploadResult } from '@stowage/core';
import type { Context } from './context.js';
import { invalidInput, mapError } from './errors.js';
import { commitRecord, freshName, removeBlob, type StoredRecord } from './store.js';

/** The MIME type of objects uploaded without one. */
export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

// User metadata names, as the contract defines them.
const METADATA_NAME = /^[a-z0-9-]+$/;

/**
 * `upload`: streams the body through core's upload meter into a temporary file, moves it to a blob, then
 * commits the record. The meter fails (size, maxSize, checksum, abort) before the stream ends, so a bad
 * body never reaches the commit. Memory stays flat whatever the body's size.
 */
export async function upload(ctx: Context, input: UploadInput): Promise<UploadResult> {
  if (typeof input !== 'object' || input === null) throw invalidInput('upload input', 'an object with key and body');
  // The key is checked before a byte of the body is read.
  const key = normalizeKey(input.key);
  checkFields(input, key);
  const meter = meterUpload(toReadable(input.body), {
    key,
    ...(input.size === undefined ? {} : { size: input.size }),
    ...(input.maxSize === undefined ? {} : { maxSize: input.maxSize }),
    ...(input.sha256 === undefined ? {} : { sha256: input.sha256 }),
    ...(input.signal === undefined ? {} : { signal: input.signal }),
  });
  const blob = freshName('.bin');
  const temp = join(ctx.tmp, blob);
  try {
    await pipeline(meter, createWriteStream(temp, { flags: 'wx' }));
    await rename(temp, join(ctx.blobs, blob));
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw mapError(error, 'write', key);
  }
  const contentType = input.contentType ?? DEFAULT_CONTENT_TYPE;
  const record: StoredRecord = {
    v: 1,
    key,
    blob,
    size: meter.bytes,
    sha256: meter.digest(),
    contentType,
    ...(input.cacheControl === undefined ? {} : { cacheControl: input.cacheControl }),
    ...(input.contentDisposition === undefined ? {} : { contentDisposition: input.contentDisposition }),
    metadata: { ...input.metadata },
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

function checkFields(input: UploadInput, key: string): void {
  for (const field of ['contentType', 'cacheControl', 'contentDisposition'] as const) {
    const value = input[field];
    // These are served back as HTTP headers.
    if (value !== undefined && (typeof value !== 'string' || /[\u0000-\u001f\u007f]/.test(value))) {
      throw invalidInput(field, 'a string without control characters', key);
    }
  }
  if (input.metadata === undefined) return;
  if (typeof input.metadata !== 'object' || input.metadata === null) throw invalidInput('metadata', 'an object of string values', key);
  for (const [name, value] of Object.entries(input.metadata)) {
    if (!METADATA_NAME.test(name)) throw invalidInput(`metadata name "${name}"`, 'lower-case ASCII letters, digits and dashes', key);
    if (typeof value !== 'string') throw invalidInput(`metadata "${name}"`, 'a string value', key);
  }
}

import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { abortError, normalizeKey, resolveRange, type ReadOptions, type ReadResult } from '@stowage/core';
import type { Context } from './context.js';
import { mapError, notFound, PROVIDER_NAME } from './errors.js';
import { readRecord, type StoredRecord } from './store.js';

/** `read`: the whole object or a byte range, streamed from the blob. */
export async function read(ctx: Context, rawKey: string, options: ReadOptions = {}): Promise<ReadResult> {
  const key = normalizeKey(rawKey);
  if (options.signal?.aborted) throw abortError(key, options.signal.reason);
  const { record, handle } = await openObject(ctx, key);
  let span: { start: number; end: number } | undefined;
  try {
    // Core's one range rule: `end` inclusive and clamped, `suffix` the last bytes, INVALID_RANGE otherwise.
    if (options.range !== undefined) span = resolveRange(options.range, record.size, { key, provider: PROVIDER_NAME });
  } catch (error) {
    await handle.close();
    throw error;
  }
  const start = span?.start ?? 0;
  const end = span?.end ?? record.size - 1;
  // An empty object has no last byte: read from 0 and let the end of the file stop the stream.
  const body = handle.createReadStream({ start, ...(record.size === 0 ? {} : { end }), ...(options.signal === undefined ? {} : { signal: options.signal }) });
  return {
    body,
    contentLength: record.size === 0 ? 0 : end - start + 1,
    totalSize: record.size,
    ...(span === undefined ? {} : { range: span }),
    contentType: record.contentType,
    etag: record.sha256,
    lastModified: new Date(record.lastModified),
  };
}

/**
 * The record of `key` and an open handle on its blob. An overwrite may remove the blob between reading
 * the record and opening it; the record is then read again. Once open, the blob stays readable even if
 * it is removed.
 */
async function openObject(ctx: Context, key: string): Promise<{ record: StoredRecord; handle: FileHandle }> {
  for (let attempt = 0; ; attempt++) {
    const record = await readRecord(ctx, key);
    if (record === undefined) throw notFound(key);
    try {
      return { record, handle: await open(join(ctx.blobs, record.blob), 'r') };
    } catch (error) {
      if ((error as { code?: string }).code !== 'ENOENT' || attempt >= 3) throw mapError(error, 'read', key);
    }
  }
}

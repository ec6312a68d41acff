import { normalizeKey, type CallOptions, type ObjectStat } from '@stowage/core';
import type { Context } from './context.js';
import { notFound } from './errors.js';
import { readRecord } from './store.js';

/** `stat`: what the record knows of one object. */
export async function stat(ctx: Context, rawKey: string, _options: CallOptions = {}): Promise<ObjectStat> {
  const key = normalizeKey(rawKey);
  const record = await readRecord(ctx, key);
  if (record === undefined) throw notFound(key);
  return {
    key,
    size: record.size,
    contentType: record.contentType,
    etag: record.sha256,
    lastModified: new Date(record.lastModified),
    metadata: { ...record.metadata },
    ...(record.cacheControl === undefined ? {} : { cacheControl: record.cacheControl }),
    ...(record.contentDisposition === undefined ? {} : { contentDisposition: record.contentDisposition }),
    sha256: record.sha256,
  };
}

import type { CallOptions, ObjectStat } from '@stowage/core';
import type { FileMetadata } from '@google-cloud/storage';
import { abortable, normalizedKey, storedName, unquote, type GcsContext } from './context.js';
import { mapErrors } from './errors.js';

/** Size, MIME type, etag, dates, user metadata, cache-control and content-disposition of one object. */
export async function stat(ctx: GcsContext, key: string, options: CallOptions = {}): Promise<ObjectStat> {
  const name = storedName(ctx, key);
  const normalized = normalizedKey(key);
  const [metadata] = await abortable(options.signal, normalized, () =>
    mapErrors({ key: normalized, operation: 'stat' }, () => ctx.bucket.file(name).getMetadata()),
  );
  return toStat(normalized, metadata);
}

/** An `ObjectStat` from the JSON API's object resource. */
export function toStat(key: string, metadata: FileMetadata): ObjectStat {
  const user: Record<string, string> = {};
  for (const [name, value] of Object.entries(metadata.metadata ?? {})) {
    if (value !== null && value !== undefined) user[name] = String(value);
  }
  return {
    key,
    size: Number(metadata.size ?? 0),
    contentType: metadata.contentType ?? 'application/octet-stream',
    ...(metadata.etag === undefined ? {} : { etag: unquote(metadata.etag) }),
    lastModified: new Date(metadata.updated ?? metadata.timeCreated ?? 0),
    metadata: user,
    ...(metadata.cacheControl ? { cacheControl: metadata.cacheControl } : {}),
    ...(metadata.contentDisposition ? { contentDisposition: metadata.contentDisposition } : {}),
  };
}

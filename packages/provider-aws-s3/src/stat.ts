import { StowageError, type CallOptions, type ObjectStat } from '@stowage/core';
import { unquote, type S3Context } from './context.js';
import { headObject } from './head-object.js';
import { decodeMetadata, SHA256_METADATA } from './metadata.js';

/** Size, type, etag, dates and metadata of one object, from HeadObject. */
export async function stat(ctx: S3Context, key: string, options: CallOptions = {}): Promise<ObjectStat> {
  const resolved = ctx.resolveKey(key);
  const head = await headObject(ctx, resolved.stored, resolved.key, 'stat', options.signal);
  if (head === undefined) throw new StowageError('NOT_FOUND', `S3 stat of "${resolved.key}" failed: no such object`, { key: resolved.key, provider: 'aws-s3' });
  const etag = unquote(head.ETag);
  const sha256 = head.Metadata?.[SHA256_METADATA];
  return {
    key: resolved.key,
    size: head.ContentLength ?? 0,
    contentType: head.ContentType ?? 'application/octet-stream',
    ...(etag === undefined ? {} : { etag }),
    lastModified: head.LastModified ?? new Date(0),
    metadata: decodeMetadata(head.Metadata),
    ...(head.CacheControl === undefined ? {} : { cacheControl: head.CacheControl }),
    ...(head.ContentDisposition === undefined ? {} : { contentDisposition: head.ContentDisposition }),
    ...(sha256 === undefined ? {} : { sha256 }),
  };
}

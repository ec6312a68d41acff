import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { listAll, normalizePrefix, StowageError, stripPrefix, type ListOptions, type ListPage, type ListPageOptions, type ObjectSummary } from '@stowage/core';
import { unquote, type S3Context } from './context.js';
import { isReserved } from './resumable-paths.js';

/**
 * One page of ListObjectsV2 under the prefix (and `rootPath`), keys returned without `rootPath` and without
 * the hidden folder of resumable uploads (a page can then hold fewer than `pageSize` items).
 */
export async function listPage(ctx: S3Context, options: ListPageOptions = {}): Promise<ListPage> {
  const prefix = normalizePrefix(options.prefix, ctx.options.rootPath === undefined ? {} : { prefix: ctx.options.rootPath });
  const pageSize = options.pageSize ?? 1000;
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) throw new StowageError('INVALID_INPUT', 'Invalid list options: pageSize must be a positive integer', { provider: 'aws-s3' });
  const token = options.cursor === undefined ? undefined : decodeCursor(options.cursor, prefix);
  let out;
  try {
    out = await ctx.client.send(
      new ListObjectsV2Command({ Bucket: ctx.bucket, Prefix: prefix, MaxKeys: Math.min(pageSize, 1000), ...(token === undefined ? {} : { ContinuationToken: token }) }),
      { abortSignal: options.signal },
    );
  } catch (error) {
    throw ctx.error(error, 'list', options.prefix);
  }
  ctx.bucketSeen = true;
  const items: ObjectSummary[] = [];
  for (const object of out.Contents ?? []) {
    const key = object.Key === undefined ? undefined : stripPrefix(object.Key, ctx.options.rootPath);
    // Resumable uploads' pieces are the provider's own, never the caller's objects.
    if (key === undefined || isReserved(key)) continue;
    const etag = unquote(object.ETag);
    items.push({ key, size: object.Size ?? 0, ...(etag === undefined ? {} : { etag }), ...(object.LastModified === undefined ? {} : { lastModified: object.LastModified }) });
  }
  const next = out.IsTruncated ? out.NextContinuationToken : undefined;
  return { items, ...(next ? { cursor: encodeCursor(next, prefix) } : {}) };
}

/** Every key under the prefix, page by page. */
export function list(ctx: S3Context, options: ListOptions = {}): AsyncIterable<ObjectSummary> {
  return listAll((o) => listPage(ctx, o), options);
}

// The cursor wraps S3's continuation token with the prefix it belongs to, so a foreign or mismatched
// cursor is refused here rather than silently listing something else.
function encodeCursor(token: string, prefix: string): string {
  return Buffer.from(JSON.stringify({ v: 1, p: prefix, t: token }), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string, prefix: string): string {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { v?: unknown; p?: unknown; t?: unknown };
    if (value.v === 1 && value.p === prefix && typeof value.t === 'string' && value.t !== '') return value.t;
  } catch {
    // Not ours: refused below.
  }
  throw new StowageError('INVALID_INPUT', 'Invalid list cursor: it was not issued by this provider for this prefix', { provider: 'aws-s3' });
}

import { GetObjectCommand } from '@aws-sdk/client-s3';
import { checkRange, resolveRange, type ByteRange, type ReadOptions, type ReadResult } from '@stowage/core';
import type { Readable } from 'node:stream';
import { unquote, type S3Context } from './context.js';

/** Streams an object, whole or one byte range, from GetObject. */
export async function read(ctx: S3Context, key: string, options: ReadOptions = {}): Promise<ReadResult> {
  const { key: normalized, stored } = ctx.resolveKey(key);
  const rule = { key: normalized, provider: 'aws-s3' };
  const range = options.range === undefined ? undefined : checkRange(options.range, rule);
  let out;
  try {
    out = await ctx.client.send(new GetObjectCommand({ Bucket: ctx.bucket, Key: stored, ...(range === undefined ? {} : { Range: rangeHeader(range) }) }), { abortSignal: options.signal });
  } catch (error) {
    throw ctx.error(error, 'read', normalized);
  }
  ctx.bucketSeen = true;
  const body = out.Body as Readable;
  const contentLength = out.ContentLength ?? 0;
  const served = parseContentRange(out.ContentRange);
  let span: { start: number; end: number } | undefined = served === undefined ? undefined : { start: served.start, end: served.end };
  if (range !== undefined && served === undefined) {
    // The whole object came back (200): by core's rule that is the range, or, for an empty object (which
    // Swift answers a suffix range of with 200), nothing could be selected.
    try {
      span = resolveRange(range, contentLength, rule);
    } catch (error) {
      body.destroy();
      throw error;
    }
  }
  const etag = unquote(out.ETag);
  return {
    body,
    contentLength,
    totalSize: served?.total ?? contentLength,
    ...(span === undefined ? {} : { range: span }),
    contentType: out.ContentType ?? 'application/octet-stream',
    ...(etag === undefined ? {} : { etag }),
    ...(out.LastModified === undefined ? {} : { lastModified: out.LastModified }),
  };
}

/**
 * The HTTP `Range` header of a range checked by core's `checkRange`. S3 resolves it against the object
 * with core's semantics, and answers 416 (`INVALID_RANGE`) where core's `resolveRange` would throw.
 */
export function rangeHeader(range: ByteRange): string {
  if ('suffix' in range) return `bytes=-${range.suffix}`;
  return `bytes=${range.start}-${range.end ?? ''}`;
}

function parseContentRange(value: string | undefined): { start: number; end: number; total: number } | undefined {
  const match = value === undefined ? null : /^bytes (\d+)-(\d+)\/(\d+)$/.exec(value);
  if (!match) return undefined;
  return { start: Number(match[1]), end: Number(match[2]), total: Number(match[3]) };
}

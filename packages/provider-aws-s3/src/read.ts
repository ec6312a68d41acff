import { GetObjectCommand } from '@aws-sdk/client-s3';
import { StowageError, type ByteRange, type ReadOptions, type ReadResult } from '@stowage/core';
import type { Readable } from 'node:stream';
import { unquote, type S3Context } from './context.js';

/** Streams an object, whole or one byte range, from GetObject. */
export async function read(ctx: S3Context, key: string, options: ReadOptions = {}): Promise<ReadResult> {
  const { key: normalized, stored } = ctx.resolveKey(key);
  const range = options.range === undefined ? undefined : rangeHeader(options.range, normalized);
  let out;
  try {
    out = await ctx.client.send(new GetObjectCommand({ Bucket: ctx.bucket, Key: stored, ...(range === undefined ? {} : { Range: range }) }), { abortSignal: options.signal });
  } catch (error) {
    throw ctx.error(error, 'read', normalized);
  }
  ctx.bucketSeen = true;
  const body = out.Body as Readable;
  const contentLength = out.ContentLength ?? 0;
  const served = parseContentRange(out.ContentRange);
  const etag = unquote(out.ETag);
  return {
    body,
    contentLength,
    totalSize: served?.total ?? contentLength,
    ...(served === undefined ? {} : { range: { start: served.start, end: served.end } }),
    contentType: out.ContentType ?? 'application/octet-stream',
    ...(etag === undefined ? {} : { etag }),
    ...(out.LastModified === undefined ? {} : { lastModified: out.LastModified }),
  };
}

/** The HTTP `Range` header for a byte range. @throws `INVALID_RANGE` for a malformed one. */
export function rangeHeader(range: ByteRange, key: string): string {
  const bad = (why: string) => new StowageError('INVALID_RANGE', `Invalid range: ${why}`, { key, provider: 'aws-s3' });
  if ('suffix' in range) {
    if (!Number.isSafeInteger(range.suffix) || range.suffix <= 0) throw bad('suffix must be a positive integer');
    return `bytes=-${range.suffix}`;
  }
  if (!Number.isSafeInteger(range.start) || range.start < 0) throw bad('start must be a non-negative integer');
  if (range.end === undefined) return `bytes=${range.start}-`;
  if (!Number.isSafeInteger(range.end) || range.end < range.start) throw bad('end must be an integer not below start');
  return `bytes=${range.start}-${range.end}`;
}

function parseContentRange(value: string | undefined): { start: number; end: number; total: number } | undefined {
  const match = value === undefined ? null : /^bytes (\d+)-(\d+)\/(\d+)$/.exec(value);
  if (!match) return undefined;
  return { start: Number(match[1]), end: Number(match[2]), total: Number(match[3]) };
}

import type { Readable } from 'node:stream';
import { StowageError, type ByteRange, type ReadOptions, type ReadResult } from '@stowage/core';
import { blobOf, errorContext, resolveKey, type AzureContext } from './context.js';
import { mapErrors, PROVIDER } from './errors.js';
import { unquote } from './upload.js';

/**
 * Opens a blob for reading, whole or a byte range. Azure has no suffix ranges, so `{ suffix }` reads the
 * size first and then downloads the tail under an `If-Match` on the etag it saw. Interrupted downloads
 * resume through the SDK's retrying stream, pinned to the same etag.
 */
export async function read(ctx: AzureContext, key: string, options: ReadOptions = {}): Promise<ReadResult> {
  const { stored } = resolveKey(ctx, key);
  const range = options.range;
  if (range !== undefined) checkRange(range, stored);
  const signal = options.signal;
  return mapErrors(errorContext(ctx, 'read', stored, signal), async () => {
    const blob = blobOf(ctx, stored);
    let offset = 0;
    let count: number | undefined;
    let ifMatch: string | undefined;
    if (range !== undefined && 'suffix' in range) {
      const properties = await blob.getProperties(signal === undefined ? {} : { abortSignal: signal });
      const size = properties.contentLength ?? 0;
      offset = Math.max(0, size - range.suffix);
      count = size - offset;
      ifMatch = properties.etag;
      // A zero count would mean "to the end" to the SDK; an empty blob has nothing to range over.
      if (count === 0) count = undefined;
    } else if (range !== undefined) {
      offset = range.start;
      count = range.end === undefined ? undefined : range.end - range.start + 1;
    }
    const response = await blob.download(offset, count, {
      ...(signal === undefined ? {} : { abortSignal: signal }),
      ...(ifMatch === undefined ? {} : { conditions: { ifMatch } }),
    });
    const body = response.readableStreamBody as Readable;
    const contentLength = response.contentLength ?? 0;
    const total = /\/(\d+)$/.exec(response.contentRange ?? '');
    const totalSize = total ? Number(total[1]) : contentLength;
    if (range !== undefined && 'start' in range && range.start >= totalSize) {
      // Only reachable for an empty blob: without a Range header Azure answers 200 with no bytes.
      body.destroy();
      throw new StowageError('INVALID_RANGE', `Azure read: range starts at ${range.start} but "${stored}" has ${totalSize} bytes`, { key: stored, provider: PROVIDER });
    }
    return {
      body,
      contentLength,
      totalSize,
      ...(range !== undefined && contentLength > 0 ? { range: { start: offset, end: offset + contentLength - 1 } } : {}),
      contentType: response.contentType ?? 'application/octet-stream',
      ...(response.etag === undefined ? {} : { etag: unquote(response.etag) }),
      ...(response.lastModified === undefined ? {} : { lastModified: response.lastModified }),
    };
  });
}

function checkRange(range: ByteRange, key: string): void {
  const bad = (what: string) => new StowageError('INVALID_RANGE', `Invalid range: ${what}`, { key, provider: PROVIDER });
  if ('suffix' in range) {
    if (!Number.isSafeInteger(range.suffix) || range.suffix <= 0) throw bad('suffix must be a positive integer');
    return;
  }
  if (!Number.isSafeInteger(range.start) || range.start < 0) throw bad('start must be a non-negative integer');
  if (range.end !== undefined && (!Number.isSafeInteger(range.end) || range.end < range.start)) {
    throw bad('end must be an integer not below start');
  }
}

import type { Readable } from 'node:stream';
import { checkRange, resolveRange, type ByteSpan, type ReadOptions, type ReadResult } from '@stowage/core';
import { blobOf, errorContext, resolveKey, type AzureContext } from './context.js';
import { mapErrors, PROVIDER } from './errors.js';
import { unquote } from './upload.js';

/**
 * Opens a blob for reading, whole or a byte range, resolved by core's `resolveRange`. Azure has no
 * suffix ranges, so `{ suffix }` reads the size first and then downloads the tail under an `If-Match` on
 * the etag it saw. Interrupted downloads resume through the SDK's retrying stream, pinned to the same etag.
 */
export async function read(ctx: AzureContext, key: string, options: ReadOptions = {}): Promise<ReadResult> {
  const { stored } = resolveKey(ctx, key);
  const rule = { key: stored, provider: PROVIDER };
  const range = options.range === undefined ? undefined : checkRange(options.range, rule);
  const signal = options.signal;
  return mapErrors(errorContext(ctx, 'read', stored, signal), async () => {
    const blob = blobOf(ctx, stored);
    let offset = 0;
    let count: number | undefined;
    let ifMatch: string | undefined;
    if (range !== undefined && 'suffix' in range) {
      const properties = await blob.getProperties(signal === undefined ? {} : { abortSignal: signal });
      const span = resolveRange(range, properties.contentLength ?? 0, rule);
      offset = span.start;
      count = span.end - span.start + 1;
      ifMatch = properties.etag;
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
    let served: ByteSpan | undefined;
    try {
      // What Azure served, by the same rule. It throws only for an empty blob: without a Range header
      // (offset 0, no count) Azure answers 200 with no bytes, where a non-empty blob answers 416.
      served = range === undefined ? undefined : resolveRange(range, totalSize, rule);
    } catch (error) {
      body.destroy();
      throw error;
    }
    return {
      body,
      contentLength,
      totalSize,
      ...(served === undefined ? {} : { range: served }),
      contentType: response.contentType ?? 'application/octet-stream',
      ...(response.etag === undefined ? {} : { etag: unquote(response.etag) }),
      ...(response.lastModified === undefined ? {} : { lastModified: response.lastModified }),
    };
  });
}

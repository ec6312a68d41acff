import type { BlobHTTPHeaders } from '@azure/storage-blob';
import { checkUploadInput, meterUpload, toReadable, type CheckedUploadInput, type UploadInput, type UploadResult } from '@stowage/core';
import { blobOf, errorContext, publicUrl, resolveKey, type AzureContext } from './context.js';
import { PROVIDER, toStowageError } from './errors.js';
import { encodeMetadata } from './metadata.js';

/**
 * Streams the body into a block blob: `uploadStream` stages it block by block (at most `concurrency`
 * blocks of `blockSize` bytes in memory) and commits the block list only after the body has ended
 * cleanly. Core's meter fails before the end on a size, limit or checksum error, an abort or a failing
 * source, so nothing is committed then: an existing blob stays intact, and staged blocks that were
 * never committed are garbage-collected by Azure.
 */
export async function upload(ctx: AzureContext, input: UploadInput): Promise<UploadResult> {
  const checked = checkUploadInput(input, { provider: PROVIDER });
  const { key, stored } = resolveKey(ctx, checked.key);
  const errors = errorContext(ctx, 'upload', stored, input.signal);
  const { contentType } = checked;
  const metadata = encodeMetadata(checked.metadata, stored);
  const meter = meterUpload(toReadable(input.body), { ...input, key: stored });
  // The meter's own failure (TOO_LARGE, CHECKSUM_MISMATCH…) is the real reason the SDK call fails.
  let meterError: unknown;
  meter.on('error', (error) => {
    meterError ??= error;
  });
  try {
    const response = await blobOf(ctx, stored).uploadStream(meter, ctx.options.blockSize, ctx.options.concurrency, {
      blobHTTPHeaders: blobHeaders(checked),
      metadata,
      ...(input.signal === undefined ? {} : { abortSignal: input.signal }),
    });
    return uploadResult(ctx, { key, stored, size: meter.bytes, contentType, sha256: meter.digest(), response });
  } catch (error) {
    meter.destroy();
    throw toStowageError(meterError ?? error, errors);
  }
}

/** The blob HTTP headers an upload stores: every write of an object (upload, resumable completion) uses these. */
export function blobHeaders(checked: Pick<CheckedUploadInput, 'contentType' | 'cacheControl' | 'contentDisposition'>): BlobHTTPHeaders {
  return {
    blobContentType: checked.contentType,
    ...(checked.cacheControl === undefined ? {} : { blobCacheControl: checked.cacheControl }),
    ...(checked.contentDisposition === undefined ? {} : { blobContentDisposition: checked.contentDisposition }),
  };
}

/** What a committed write answers, as `upload` reports it. */
export function uploadResult(
  ctx: AzureContext,
  written: { key: string; stored: string; size: number; contentType: string; sha256: string; response: { etag?: string; versionId?: string } },
): UploadResult {
  const { response } = written;
  const url = publicUrl(ctx, written.stored);
  return {
    key: written.key,
    size: written.size,
    contentType: written.contentType,
    ...(response.etag === undefined ? {} : { etag: unquote(response.etag) }),
    sha256: written.sha256,
    ...(url === undefined ? {} : { url }),
    providerMetadata: {
      container: ctx.container.containerName,
      blobName: written.stored,
      ...(response.versionId === undefined ? {} : { versionId: response.versionId }),
    },
  };
}

/** An entity tag without its quotes. */
export function unquote(etag: string): string {
  return etag.replace(/^(?:W\/)?"(.*)"$/, '$1');
}

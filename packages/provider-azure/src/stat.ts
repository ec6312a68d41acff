import type { CallOptions, ObjectStat } from '@stowage/core';
import { blobOf, errorContext, resolveKey, type AzureContext } from './context.js';
import { mapErrors } from './errors.js';
import { decodeMetadata } from './metadata.js';
import { unquote } from './upload.js';

/** Size, content type, etag, dates, user metadata, cache control and disposition of one blob. */
export async function stat(ctx: AzureContext, key: string, options: CallOptions = {}): Promise<ObjectStat> {
  const resolved = resolveKey(ctx, key);
  return mapErrors(errorContext(ctx, 'stat', resolved.stored, options.signal), async () => {
    const properties = await blobOf(ctx, resolved.stored).getProperties(options.signal === undefined ? {} : { abortSignal: options.signal });
    return {
      key: resolved.key,
      size: properties.contentLength ?? 0,
      contentType: properties.contentType ?? 'application/octet-stream',
      ...(properties.etag === undefined ? {} : { etag: unquote(properties.etag) }),
      lastModified: properties.lastModified ?? new Date(0),
      metadata: decodeMetadata(properties.metadata),
      ...(properties.cacheControl === undefined ? {} : { cacheControl: properties.cacheControl }),
      ...(properties.contentDisposition === undefined ? {} : { contentDisposition: properties.contentDisposition }),
    };
  });
}

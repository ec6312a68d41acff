import type { Readable } from 'node:stream';
import { isStowageError, type UploadResult } from '@stowage/core';
import type { StowageContext } from '../context.js';
import { HttpError } from '../http/http-status.js';
import type { Bucket } from '../store/records.js';
import { assertMimeAllowed, sizeBounds } from './bucket-rules.js';
import { decideMimeType, peekHead } from './sniff.js';

/** What {@link writeContent} stored. */
export interface WrittenContent {
  size: number;
  /** Quoted SHA-256, as sent in `ETag`. */
  etag: string;
  mimeType: string;
  /** The backend that holds the bytes (`FileRecord.backend`): the bucket's own provider, or null. */
  backend: string | null;
}

/** Decides a file part's MIME type from its header and magic bytes, and checks the bucket accepts it. */
export async function prepareContent(
  context: StowageContext,
  bucket: Bucket,
  part: { stream: Readable; mimeType: string },
  field: string,
): Promise<{ body: Readable; mimeType: string }> {
  const { head, body } = await peekHead(part.stream);
  const decided = await decideMimeType(part.mimeType, head, context.config.mimeTypeMismatch);
  if ('mismatch' in decided) {
    body.destroy();
    throw new HttpError('UNSUPPORTED_MEDIA_TYPE', `Invalid ${field}: the content is ${decided.mismatch.sniffed} but the part declares ${decided.mismatch.declared}`, { ...decided.mismatch });
  }
  try {
    assertMimeAllowed(bucket, decided.mimeType, field);
  } catch (error) {
    body.destroy();
    throw error;
  }
  return { body, mimeType: decided.mimeType };
}

/**
 * Streams `body` to the bucket's provider at `storageKey` with the bucket's size bounds as the upload's `minSize`
 * and `maxSize`: core's meter, the one wrap between the parser and the backend, enforces them before the
 * body ends, so a provider stores nothing when they fail. The entity tag is the SHA-256 the provider
 * reports, so the bytes are hashed once.
 * @throws `HttpError` 413/400 for the bounds, or the provider's `StowageError`.
 */
export async function writeContent(
  context: StowageContext,
  bucket: Bucket,
  input: { body: Readable; mimeType: string; storageKey: string; field: string; signal?: AbortSignal },
): Promise<WrittenContent> {
  const { id: backend, provider } = context.backends.forBucket(bucket.id);
  const { min, max } = sizeBounds(bucket, context.config);
  // Counted here rather than taken from the provider's result: the size recorded is what the client sent.
  let bytes = 0;
  const onChunk = (n: number) => {
    bytes += n;
    context.buffers.received(n);
  };
  let result: UploadResult;
  try {
    result = await provider.upload({
      key: input.storageKey,
      body: input.body,
      contentType: input.mimeType,
      minSize: min,
      maxSize: max,
      onChunk,
      ...storedFields(context, bucket),
      ...(input.signal === undefined ? {} : { signal: input.signal }),
    });
  } catch (error) {
    input.body.destroy();
    throw clientError(error, input.field, { min, max });
  }
  if (typeof result.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(result.sha256)) {
    // A provider outside the contract (it passes the kit only with a SHA-256): keep nothing half-recorded.
    await provider.delete(input.storageKey).catch(() => undefined);
    throw new HttpError('INTERNAL', `The storage provider reported no SHA-256 for the upload (got ${JSON.stringify(result.sha256)}); the provider contract requires one`);
  }
  if (bytes !== result.size || bytes < min || bytes > max) {
    // A provider that copies the meter's fields one by one, from before minSize and onChunk existed: what it
    // stored escaped the bounds or the count, so it is dropped.
    await provider.delete(input.storageKey).catch(() => undefined);
    throw new HttpError('INTERNAL', `The storage provider reported ${result.size} bytes stored, ${bytes} counted through onChunk, bounds ${min} to ${max}; the provider contract requires it to hand minSize, maxSize and onChunk to core's meter`);
  }
  if (!input.body.readableEnded) throw new HttpError('INTERNAL', 'The upload ended before the whole file was read');
  return { size: bytes, etag: `"${result.sha256}"`, mimeType: input.mimeType, backend };
}

/**
 * What every stored file of `bucket` carries besides its MIME type: the configured upload action's
 * `Content-Disposition` and metadata, and its (or the bucket's) `Cache-Control`.
 */
export function storedFields(context: StowageContext, bucket: Bucket): { contentDisposition?: string; metadata?: Record<string, string>; cacheControl?: string } {
  const action = context.config.actionOptions.upload ?? {};
  const cacheControl = action.cacheControl ?? bucket.cacheControl;
  return {
    ...(action.contentDisposition === undefined ? {} : { contentDisposition: action.contentDisposition }),
    ...(action.metadata === undefined ? {} : { metadata: action.metadata }),
    ...(cacheControl == null ? {} : { cacheControl }),
  };
}

/** The provider's failure as the client must see it: its size bounds, or why its body failed. */
export function clientError(error: unknown, field: string, bounds: { min: number; max: number }): unknown {
  // A body the parser failed (a malformed or truncated multipart body) reaches the meter as a failed source:
  // ABORTED, with the parser's answer as cause.
  if (isStowageError(error, 'ABORTED') && error.cause instanceof HttpError) return error.cause;
  if (isStowageError(error, 'TOO_LARGE')) {
    return new HttpError('TOO_LARGE', `Invalid ${field}: the file must be at most ${bounds.max} bytes`, { field, limit: bounds.max }, { cause: error });
  }
  if (isStowageError(error, 'INVALID_INPUT') && error.details?.minimum !== undefined) {
    return new HttpError('INVALID_INPUT', `Invalid ${field}: the file must be at least ${bounds.min} bytes, got ${error.details.received ?? 0}`, { field, minimum: bounds.min }, { cause: error });
  }
  return error;
}

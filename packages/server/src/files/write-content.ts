import type { Readable } from 'node:stream';
import { isStowageError, type UploadResult } from '@stowage/core';
import type { StowageContext } from '../context.js';
import { HttpError } from '../http/http-status.js';
import type { Bucket } from '../store/records.js';
import { assertMimeAllowed, sizeBounds } from './bucket-rules.js';
import { ByteGuard } from './byte-guard.js';
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
 * Streams `body` to the bucket's provider at `storageKey`, through the bucket's size bounds. The entity tag is the
 * SHA-256 the provider reports, so the bytes are hashed once. Nothing is stored when it fails: the bounds
 * fail the stream before it ends, and core's meter makes the provider discard a failed body.
 * @throws `HttpError` 413/400 for the bounds, or the provider's `StowageError`.
 */
export async function writeContent(
  context: StowageContext,
  bucket: Bucket,
  input: { body: Readable; mimeType: string; storageKey: string; field: string; signal?: AbortSignal },
): Promise<WrittenContent> {
  const { id: backend, provider } = context.backends.forBucket(bucket.id);
  const { min, max } = sizeBounds(bucket, context.config);
  const guard = new ByteGuard({ field: input.field, min, max, buffers: context.buffers });
  let guardError: unknown;
  guard.once('error', (error) => (guardError = error));
  input.body.once('error', (error) => guard.destroy(error));
  input.body.pipe(guard);
  const action = context.config.actionOptions.upload ?? {};
  let result: UploadResult;
  try {
    result = await provider.upload({
      key: input.storageKey,
      body: guard,
      contentType: input.mimeType,
      maxSize: max,
      ...(action.contentDisposition === undefined ? {} : { contentDisposition: action.contentDisposition }),
      ...(action.metadata === undefined ? {} : { metadata: action.metadata }),
      ...((action.cacheControl ?? bucket.cacheControl) == null ? {} : { cacheControl: (action.cacheControl ?? bucket.cacheControl) as string }),
      ...(input.signal === undefined ? {} : { signal: input.signal }),
    });
  } catch (error) {
    input.body.destroy();
    // The provider sees our bounds as a failed source (ABORTED); the client must see the bound itself.
    if (guardError !== undefined) throw guardError;
    if (isStowageError(error, 'TOO_LARGE')) {
      throw new HttpError('TOO_LARGE', `Invalid ${input.field}: the file must be at most ${max} bytes`, { field: input.field, limit: max }, { cause: error });
    }
    throw error;
  }
  if (typeof result.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(result.sha256)) {
    // A provider outside the contract (it passes the kit only with a SHA-256): keep nothing half-recorded.
    await provider.delete(input.storageKey).catch(() => undefined);
    throw new HttpError('INTERNAL', `The storage provider reported no SHA-256 for the upload (got ${JSON.stringify(result.sha256)}); the provider contract requires one`);
  }
  if (!guard.writableFinished) throw new HttpError('INTERNAL', 'The upload ended before the whole file was read');
  return { size: guard.bytes, etag: `"${result.sha256}"`, mimeType: input.mimeType, backend };
}

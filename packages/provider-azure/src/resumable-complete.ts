import {
  isStowageError,
  ResumableDigest,
  StowageError,
  type ResumableCompleteOptions,
  type ResumableHandle,
  type UploadResult,
} from '@stowage/core';
import { blobOf, errorContext, type AzureContext } from './context.js';
import { mapErrors, PROVIDER } from './errors.js';
import { encodeMetadata } from './metadata.js';
import { deleteMarker, readMarker } from './resumable-marker.js';
import { blockIds, parseHandle } from './resumable-state.js';
import { blobHeaders, uploadResult } from './upload.js';

/**
 * Commits the handle's blocks as the blob (Put Block List, with the headers and metadata `createResumable`
 * was given, stored as `upload` stores them): one request, all or nothing. Staged blocks the list does not
 * name (later or failed appends) are discarded by Azure. Then the marker is deleted, ending the upload.
 * @throws `INVALID_INPUT` below `minSize` (nothing stored, the upload kept); `NOT_FOUND` for an upload
 *   completed or aborted, or whose staged blocks are gone (a write to the same blob committed meanwhile,
 *   or 7 days passed; the upload is then ended); `INVALID_KEY`, `INVALID_INPUT` for a foreign handle;
 *   mapped Azure errors (`UNAVAILABLE`: the upload kept, retry).
 */
export async function completeResumable(ctx: AzureContext, raw: ResumableHandle, options: ResumableCompleteOptions = {}): Promise<UploadResult> {
  const { handle, state, stored } = parseHandle(ctx, raw);
  const errors = errorContext(ctx, 'completeResumable', stored, options.signal);
  checkMinSize(handle, options.minSize);
  const marker = await readMarker(ctx, state.nonce, handle.key, errors);
  if (options.minSize !== undefined && handle.offset < options.minSize) {
    throw new StowageError('INVALID_INPUT', `The upload has ${handle.offset} bytes, shorter than the minimum of ${options.minSize} bytes`, {
      key: handle.key,
      provider: PROVIDER,
      details: { minimum: options.minSize, received: handle.offset },
    });
  }
  const sha256 = (await ResumableDigest.resume(state.digest, { provider: PROVIDER, key: handle.key })).hex();
  let response;
  try {
    response = await mapErrors(errors, () =>
      blobOf(ctx, stored).commitBlockList(blockIds(state), {
        blobHTTPHeaders: blobHeaders(marker),
        metadata: encodeMetadata(marker.metadata, stored),
        ...(options.signal === undefined ? {} : { abortSignal: options.signal }),
      }),
    );
  } catch (error) {
    // Blocks Azure no longer has never come back: end the upload so that every later call says NOT_FOUND.
    if (isStowageError(error, 'NOT_FOUND')) await deleteMarker(ctx, state.nonce, { ...errors, signal: undefined }).catch(() => {});
    throw error;
  }
  // The blob is committed whatever happens next. A marker left behind only lets this handle commit the
  // same blocks again, so failing the completion over it would report an error for a stored object.
  await deleteMarker(ctx, state.nonce, { ...errors, signal: undefined }).catch(() => {});
  return uploadResult(ctx, { key: handle.key, stored, size: handle.offset, contentType: marker.contentType, sha256, response });
}

function checkMinSize(handle: ResumableHandle, minSize: unknown): void {
  if (minSize === undefined || (Number.isSafeInteger(minSize) && (minSize as number) >= 0)) return;
  throw new StowageError('INVALID_INPUT', 'Invalid minSize: expected a whole number of bytes, 0 or more', { key: handle.key, provider: PROVIDER });
}

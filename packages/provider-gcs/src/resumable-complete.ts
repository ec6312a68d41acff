import { ResumableDigest, StowageError, type ResumableCompleteOptions, type ResumableHandle, type UploadResult } from '@stowage/core';
import { abortable, storedName, type GcsContext } from './context.js';
import { gcsError, PROVIDER_NAME } from './errors.js';
import { dropUpload } from './resumable-abort.js';
import { composeAll } from './resumable-compose.js';
import { parseHandle, readMarker, uploadFolder } from './resumable-state.js';
import { objectResource, upload, uploadResult } from './upload.js';

/**
 * Composes the handle's parts into the key, all or nothing (a compose either creates the object or does
 * not), with what create was told; an upload without bytes stores an empty object. Then drops the
 * upload's hidden objects: the marker first, so that a completed upload is gone even if removing a part
 * fails (those left behind are the bucket's lifecycle rule's to clear).
 * @throws `INVALID_INPUT` below `minSize` (nothing stored, the parts kept) or for a foreign handle;
 *   `NOT_FOUND` for an upload completed or aborted; `UNAVAILABLE` (the parts kept: retry).
 */
export async function completeResumable(ctx: GcsContext, raw: ResumableHandle, options: ResumableCompleteOptions = {}): Promise<UploadResult> {
  const { handle, state } = parseHandle(raw);
  const { key } = handle;
  const { minSize } = options;
  if (minSize !== undefined && (!Number.isSafeInteger(minSize) || minSize < 0)) {
    throw gcsError('INVALID_INPUT', 'Invalid minSize: expected a non-negative integer', key);
  }
  return abortable(options.signal, key, async () => {
    const marker = await readMarker(ctx, handle, state.nonce);
    if (minSize !== undefined && handle.offset < minSize) {
      throw new StowageError('INVALID_INPUT', `Body is ${handle.offset} bytes, shorter than the minimum of ${minSize} bytes`, {
        key,
        provider: PROVIDER_NAME,
        details: { minimum: minSize, received: handle.offset },
      });
    }
    const sha256 = (await ResumableDigest.resume(state.digest, { provider: PROVIDER_NAME, key })).hex();
    const { metadata, ...described } = marker;
    let result: UploadResult;
    if (state.parts.length === 0) {
      result = await upload(ctx, { ...described, ...(metadata === undefined ? {} : { metadata }), key, body: new Uint8Array(0) });
    } else {
      const name = storedName(ctx, key);
      const folder = uploadFolder(ctx, state.nonce);
      const resource = objectResource({ ...described, metadata: metadata ?? {} }, metadata !== undefined);
      const stored = await composeAll(ctx, state.parts.map((part) => `${folder}${part.name}`), ctx.bucket.file(name), resource, folder, key);
      result = uploadResult(ctx, stored, key, name, marker.contentType, handle.offset, sha256);
    }
    await dropUpload(ctx, state.nonce, key, { strict: false });
    return result;
  });
}

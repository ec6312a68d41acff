import type { CallOptions, ResumableHandle } from '@stowage/core';
import { abortable, type GcsContext } from './context.js';
import { mapErrors } from './errors.js';
import { markerName, parseHandle, uploadFolder } from './resumable-state.js';

const PARALLEL = 8;

/**
 * Drops a resumable upload's hidden objects; the key is untouched. Idempotent: an upload already gone
 * resolves.
 * @throws `INVALID_INPUT` for a foreign handle; `ACCESS_DENIED`, `UNAVAILABLE` (retry: what was deleted
 *   stays deleted).
 */
export async function abortResumable(ctx: GcsContext, raw: ResumableHandle, options: CallOptions = {}): Promise<void> {
  const { handle, state } = parseHandle(raw);
  await abortable(options.signal, handle.key, () => dropUpload(ctx, state.nonce, handle.key, { strict: true }));
}

/**
 * Deletes the marker (from then on the upload is gone: appends and completion fail with NOT_FOUND), then
 * every other object of the upload's folder. With `strict: false` a failure after the marker is ignored:
 * a completed upload must not report failure for leftovers that only cost storage.
 */
export async function dropUpload(ctx: GcsContext, nonce: string, key: string, { strict }: { strict: boolean }): Promise<void> {
  const context = { key, operation: 'resumable cleanup' };
  await mapErrors(context, () => ctx.bucket.file(markerName(ctx, nonce)).delete({ ignoreNotFound: true }));
  try {
    const [files] = await mapErrors(context, () => ctx.bucket.getFiles({ prefix: uploadFolder(ctx, nonce) }));
    for (let i = 0; i < files.length; i += PARALLEL) {
      await Promise.all(files.slice(i, i + PARALLEL).map((file) => mapErrors(context, () => file.delete({ ignoreNotFound: true }))));
    }
  } catch (error) {
    if (strict) throw error;
  }
}

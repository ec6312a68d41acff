import type { CallOptions, ResumableHandle } from '@stowage/core';
import { errorContext, type AzureContext } from './context.js';
import { deleteMarker } from './resumable-marker.js';
import { nonceOf } from './resumable-state.js';

/**
 * Ends an upload by deleting its marker; the blob at the key is untouched. Azure has no call that drops
 * staged blocks without touching the committed blob: they are discarded by the blob's next commit, or
 * garbage-collected by Azure 7 days after they were staged. Idempotent.
 * @throws `INVALID_KEY`, `INVALID_INPUT` for a foreign handle; mapped Azure errors.
 */
export async function abortResumable(ctx: AzureContext, raw: ResumableHandle, options: CallOptions = {}): Promise<void> {
  const { nonce, stored } = nonceOf(ctx, raw);
  await deleteMarker(ctx, nonce, errorContext(ctx, 'abortResumable', stored, options.signal));
}

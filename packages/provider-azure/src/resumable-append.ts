import { meterAppend, ResumableDigest, type ResumableAppendOptions, type ResumableHandle, type UploadBody } from '@stowage/core';
import { stageBlocks } from './block-stager.js';
import { blobOf, errorContext, type AzureContext } from './context.js';
import { PROVIDER } from './errors.js';
import { readMarker } from './resumable-marker.js';
import { blockCount, blockId, MAX_BLOCKS, newToken, parseHandle, type AzureResumableState } from './resumable-state.js';

/**
 * Streams `body` into staged blocks of the destination blob, under ids of this append alone, and answers
 * the handle listing them after the handle's own. An earlier handle never lists a later append's blocks,
 * so appending at it drops them; a failed append lists nothing. Staged blocks are invisible: the blob (or
 * its absence) stays as it was until `completeResumable`.
 * @throws `NOT_FOUND` for an upload completed or aborted; `TOO_LARGE` past `maxSize` or Azure's 50,000
 *   blocks; `ABORTED` when the signal aborts or the body fails; `INVALID_KEY`, `INVALID_INPUT` for a handle
 *   this provider did not issue; mapped Azure errors.
 */
export async function appendResumable(ctx: AzureContext, raw: ResumableHandle, body: UploadBody, options: ResumableAppendOptions = {}): Promise<ResumableHandle> {
  const { handle, state, stored } = parseHandle(ctx, raw);
  const errors = errorContext(ctx, 'appendResumable', stored, options.signal);
  const meter = meterAppend(handle, body, options);
  try {
    await readMarker(ctx, state.nonce, handle.key, errors);
    const digest = await ResumableDigest.resume(state.digest, { provider: PROVIDER, key: handle.key });
    const token = newToken();
    const staged = await stageBlocks({
      blob: blobOf(ctx, stored),
      body: meter,
      blockSize: ctx.options.blockSize,
      concurrency: ctx.options.concurrency,
      blockId: (index) => blockId(state.nonce, token, index),
      maxBlocks: MAX_BLOCKS - blockCount(state),
      onChunk: (chunk) => digest.update(chunk),
      key: handle.key,
      errors,
    });
    const next: AzureResumableState = {
      ...state,
      appends: staged.blocks === 0 ? state.appends : [...state.appends, [token, staged.blocks, staged.bytes]],
      digest: digest.save(),
    };
    return { key: handle.key, offset: handle.offset + staged.bytes, state: next };
  } catch (error) {
    meter.destroy();
    throw error;
  }
}

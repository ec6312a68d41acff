import { checkUploadInput, ResumableDigest, type ResumableCreateOptions, type ResumableHandle } from '@stowage/core';
import { errorContext, resolveKey, type AzureContext } from './context.js';
import { PROVIDER } from './errors.js';
import { encodeMetadata } from './metadata.js';
import { writeMarker } from './resumable-marker.js';
import { newNonce, type AzureResumableState } from './resumable-state.js';

/**
 * Starts a resumable upload: checks the key and options as `upload` does, and writes the upload's marker
 * (`.stowage-resumable/<nonce>` under `rootPath`) with what the blob is to be stored with. Nothing is
 * written at the key itself.
 * @throws `INVALID_KEY`; `INVALID_INPUT` for metadata or header values the upload rules refuse; mapped Azure errors.
 */
export async function createResumable(ctx: AzureContext, key: string, options: ResumableCreateOptions = {}): Promise<ResumableHandle> {
  const checked = checkUploadInput({ ...options, key, body: new Uint8Array(0) }, { provider: PROVIDER });
  const { stored } = resolveKey(ctx, checked.key);
  // Refused now rather than at completion, after every byte was sent.
  encodeMetadata(checked.metadata, stored);
  const nonce = newNonce();
  await writeMarker(ctx, nonce, checked, errorContext(ctx, 'createResumable', stored, options.signal));
  const state: AzureResumableState = { nonce, appends: [], digest: (await ResumableDigest.resume()).save() };
  return { key: checked.key, offset: 0, state };
}

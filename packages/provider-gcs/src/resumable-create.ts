import { randomBytes } from 'node:crypto';
import { checkUploadInput, ResumableDigest, type ResumableCreateOptions, type ResumableHandle } from '@stowage/core';
import { abortable, storedName, type GcsContext } from './context.js';
import { mapErrors, PROVIDER_NAME } from './errors.js';
import { markerName, toHandle, type Marker } from './resumable-state.js';

/**
 * Starts a resumable upload: writes its marker, `.stowage-resumable/<nonce>/started` under the prefix,
 * holding what the object is to be stored with. The pieces are hidden objects beside it, composed into
 * the key on completion; nothing is written at the key before then.
 * @throws `INVALID_KEY`; `INVALID_INPUT` for metadata that breaks the metadata rule; `ACCESS_DENIED`,
 *   `UNAVAILABLE`.
 */
export async function createResumable(ctx: GcsContext, key: string, options: ResumableCreateOptions = {}): Promise<ResumableHandle> {
  const checked = checkUploadInput({ ...options, key, body: new Uint8Array(0) }, { provider: PROVIDER_NAME });
  storedName(ctx, checked.key);
  const nonce = randomBytes(16).toString('hex');
  const marker: Marker = {
    key: checked.key,
    contentType: checked.contentType,
    ...(checked.cacheControl === undefined ? {} : { cacheControl: checked.cacheControl }),
    ...(checked.contentDisposition === undefined ? {} : { contentDisposition: checked.contentDisposition }),
    ...(options.metadata === undefined ? {} : { metadata: checked.metadata }),
  };
  await abortable(options.signal, checked.key, () =>
    mapErrors({ key: checked.key, operation: 'resumable create' }, () =>
      ctx.bucket.file(markerName(ctx, nonce)).save(JSON.stringify(marker), { resumable: false, contentType: 'application/json' }),
    ),
  );
  const digest = await ResumableDigest.resume();
  return toHandle(checked.key, { nonce, parts: [], digest: digest.save() });
}

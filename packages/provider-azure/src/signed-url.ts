import type { SignedUrl, SignedUrlOptions } from '@stowage/core';
import { resolveKey, type AzureContext } from './context.js';
import { signedBlobUrl } from './sas.js';
import { checkExpiresIn } from './signed-upload.js';

/**
 * A read URL carrying a blob SAS with the `r` permission: a service SAS with an account key, a
 * user-delegation SAS with a TokenCredential. `contentDisposition` is signed into the SAS (`rscd`), so
 * Azure answers with it and a changed value breaks the signature. Does not check that the blob exists.
 * @throws `INVALID_KEY`; `INVALID_INPUT` for a bad `expiresIn`; `UNSUPPORTED` with a SAS token.
 */
export async function signedUrl(ctx: AzureContext, key: string, options: SignedUrlOptions = {}): Promise<SignedUrl> {
  const { stored } = resolveKey(ctx, key);
  const expiresIn = checkExpiresIn(options.expiresIn ?? ctx.options.signedUrlExpiresIn, stored);
  const expiresAt = new Date(Date.now() + expiresIn * 1000);
  const url = await signedBlobUrl(ctx, stored, {
    op: 'signedUrl',
    permissions: 'r',
    expiresOn: expiresAt,
    ...(options.contentDisposition === undefined ? {} : { contentDisposition: options.contentDisposition }),
  });
  return { url, expiresAt };
}

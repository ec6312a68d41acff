import { checkHeaderValue, type SignedUrl, type SignedUrlOptions } from '@stowage/core';
import { assertOpen, type LocalContext } from './context.js';
import { PROVIDER_NAME, signingDisabled } from './errors.js';
import { keyPaths } from './paths.js';
import { expiryFrom, signedUrlFor } from './signing.js';

const DEFAULT_EXPIRES_IN = 900;

/**
 * `signedUrl`: an expiring GET (and HEAD) URL served by `createSignedRequestHandler`. Does not check
 * that the object exists.
 * @throws `INVALID_OPTIONS` when the provider has no `signing` option; `INVALID_KEY`; `INVALID_INPUT`
 *   for a bad `expiresIn` or `contentDisposition`.
 */
export async function signedUrl(ctx: LocalContext, rawKey: string, options: SignedUrlOptions = {}): Promise<SignedUrl> {
  assertOpen(ctx);
  const { key } = keyPaths(ctx.root, rawKey);
  const signing = ctx.options.signing;
  if (signing === undefined) throw signingDisabled();
  const expires = expiryFrom(options.expiresIn ?? DEFAULT_EXPIRES_IN);
  const contentDisposition = checkHeaderValue('contentDisposition', options.contentDisposition, { key, provider: PROVIDER_NAME });
  const url = signedUrlFor({ method: 'GET', key, expires, ...(contentDisposition === undefined ? {} : { contentDisposition }) }, signing);
  return { url, expiresAt: new Date(expires * 1000) };
}

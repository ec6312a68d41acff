import { checkHeaderValue, type SignedUpload, type SignedUploadOptions } from '@stowage/core';
import { assertOpen, type LocalContext } from './context.js';
import { invalidInput, PROVIDER_NAME, signingDisabled } from './errors.js';
import { keyPaths } from './paths.js';
import { expiryFrom, signedUrlFor } from './signing.js';

const DEFAULT_EXPIRES_IN = 900;

/**
 * `signedUpload`: a signed PUT URL served by `createSignedRequestHandler`. The size limit and the MIME
 * type are part of the signature; the handler refuses bodies over the limit (`enforcesMaxSize: true`)
 * and stores the signed MIME type whatever `Content-Type` the client sends.
 * @throws `INVALID_OPTIONS` when the provider has no `signing` option; `INVALID_KEY`; `INVALID_INPUT`
 *   for a bad `maxSize`, `expiresIn` or `contentType`.
 */
export async function signedUpload(ctx: LocalContext, rawKey: string, options: SignedUploadOptions): Promise<SignedUpload> {
  assertOpen(ctx);
  const { key } = keyPaths(ctx.root, rawKey);
  const signing = ctx.options.signing;
  if (signing === undefined) throw signingDisabled();
  const { maxSize, contentType } = options ?? ({} as Partial<SignedUploadOptions>);
  if (typeof maxSize !== 'number' || !Number.isSafeInteger(maxSize) || maxSize < 0) {
    throw invalidInput('maxSize', 'a non-negative integer number of bytes', key);
  }
  checkHeaderValue('contentType', contentType, { key, provider: PROVIDER_NAME });
  const expires = expiryFrom(options.expiresIn ?? DEFAULT_EXPIRES_IN);
  const url = signedUrlFor({ method: 'PUT', key, expires, maxSize, ...(contentType === undefined ? {} : { contentType }) }, signing);
  return {
    method: 'PUT',
    url,
    headers: contentType === undefined ? {} : { 'content-type': contentType },
    fields: {},
    enforcesMaxSize: true,
    expiresAt: new Date(expires * 1000),
  };
}

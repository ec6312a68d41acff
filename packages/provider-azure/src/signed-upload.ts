import { StowageError, type SignedUpload, type SignedUploadOptions } from '@stowage/core';
import { resolveKey, type AzureContext } from './context.js';
import { PROVIDER } from './errors.js';
import { signedBlobUrl } from './sas.js';

// Azure's limit for one Put Blob request (API version 2019-12-12 and later).
const MAX_PUT_BLOB_BYTES = 5000 * 1024 * 1024;

/**
 * A `PUT` URL carrying a blob SAS with the create and write permissions (`cw`). The client sends the
 * bytes as the body with the returned headers, which it must send as given:
 *
 * - `x-ms-blob-type: BlockBlob` (Azure refuses a Put Blob without it), and
 * - `Content-Type`, which becomes the stored content type.
 *
 * `enforcesMaxSize` is `false`: a SAS cannot bound the body's size (Azure has no equivalent of S3's
 * `content-length-range` policy), so the only limit the service applies is its own 5000 MiB per Put Blob.
 * Check the stored size afterwards (`stat`) where `maxSize` matters, or upload through the server.
 * @throws `INVALID_KEY`; `INVALID_INPUT` for a bad `expiresIn` or `maxSize`; `UNSUPPORTED` with a SAS token.
 */
export async function signedUpload(ctx: AzureContext, key: string, options: SignedUploadOptions): Promise<SignedUpload> {
  const { stored } = resolveKey(ctx, key);
  const expiresIn = checkExpiresIn(options.expiresIn ?? ctx.options.signedUrlExpiresIn, stored);
  if (!Number.isSafeInteger(options.maxSize) || options.maxSize < 0) {
    throw new StowageError('INVALID_INPUT', 'Invalid maxSize: expected a non-negative integer', { key: stored, provider: PROVIDER });
  }
  if (options.maxSize > MAX_PUT_BLOB_BYTES) {
    throw new StowageError('INVALID_INPUT', `Invalid maxSize: a single Put Blob accepts at most ${MAX_PUT_BLOB_BYTES} bytes`, { key: stored, provider: PROVIDER });
  }
  const expiresAt = new Date(Date.now() + expiresIn * 1000);
  const url = await signedBlobUrl(ctx, stored, { op: 'signedUpload', permissions: 'cw', expiresOn: expiresAt });
  return {
    method: 'PUT',
    url,
    headers: {
      'x-ms-blob-type': 'BlockBlob',
      'content-type': options.contentType ?? 'application/octet-stream',
    },
    fields: {},
    enforcesMaxSize: false,
    expiresAt,
  };
}

/** A URL lifetime in whole seconds, within Azure's SAS limits. */
export function checkExpiresIn(expiresIn: number, key: string): number {
  if (!Number.isFinite(expiresIn) || expiresIn <= 0 || expiresIn > 7 * 24 * 3600) {
    throw new StowageError('INVALID_INPUT', 'Invalid expiresIn: expected seconds between 1 and 604800 (7 days)', { key, provider: PROVIDER });
  }
  return Math.ceil(expiresIn);
}

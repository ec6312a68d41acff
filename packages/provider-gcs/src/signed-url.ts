import type { SignedUrl, SignedUrlOptions } from '@stowage/core';
import { normalizedKey, storedName, type GcsContext } from './context.js';
import { assertCanSign, lifetime, signingFailure } from './signing.js';

/**
 * A V4 signed GET URL for one object (`GOOG4-RSA-SHA256`, signed headers: `host`). Signed locally with a
 * service-account key, or through the IAM signBlob API under a service account's ADC.
 * @throws `INVALID_OPTIONS` when the credentials cannot sign, saying why and what would.
 */
export async function signedUrl(ctx: GcsContext, key: string, options: SignedUrlOptions = {}): Promise<SignedUrl> {
  const name = storedName(ctx, key);
  const normalized = normalizedKey(key);
  const seconds = lifetime(ctx, options.expiresIn);
  await assertCanSign(ctx, 'signedUrl');
  const expires = Date.now() + seconds * 1000;
  try {
    const [url] = await ctx.bucket.file(name).getSignedUrl({
      version: 'v4',
      action: 'read',
      expires,
      ...(options.contentDisposition === undefined ? {} : { responseDisposition: options.contentDisposition }),
    });
    return { url, expiresAt: new Date(expires) };
  } catch (error) {
    throw signingFailure(error, 'signedUrl', normalized);
  }
}

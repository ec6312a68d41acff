import type { SignedUpload, SignedUploadOptions } from '@stowage/core';
import { normalizedKey, storedName, type GcsContext } from './context.js';
import { gcsError } from './errors.js';
import { assertCanSign, lifetime, signingFailure } from './signing.js';

/** The form field that carries the file. */
export const FILE_FIELD = 'file';

/**
 * A V4 signed POST policy for one object: the browser posts `multipart/form-data` with `fields` first and
 * the file last. The policy pins the key and the MIME type and carries a `content-length-range` condition,
 * so GCS itself refuses bodies over `maxSize` (`enforcesMaxSize: true`).
 * @throws `INVALID_OPTIONS` when the credentials cannot sign; `INVALID_INPUT` for a bad `maxSize`.
 */
export async function signedUpload(ctx: GcsContext, key: string, options: SignedUploadOptions): Promise<SignedUpload> {
  const name = storedName(ctx, key);
  const normalized = normalizedKey(key);
  const maxSize = options?.maxSize;
  if (!Number.isSafeInteger(maxSize) || maxSize < 0) {
    throw gcsError('INVALID_INPUT', 'Invalid maxSize: expected a non-negative whole number of bytes', normalized);
  }
  const seconds = lifetime(ctx, options.expiresIn);
  await assertCanSign(ctx, 'signedUpload');
  const expires = Date.now() + seconds * 1000;
  const contentType = options.contentType ?? 'application/octet-stream';
  try {
    const [policy] = await ctx.bucket.file(name).generateSignedPostPolicyV4({
      expires,
      // Every field below also becomes an exact-match condition of the policy (the SDK adds them).
      fields: { 'Content-Type': contentType, success_action_status: '201' },
      conditions: [['content-length-range', 0, maxSize]],
    });
    return {
      method: 'POST',
      url: ctx.customEndpoint ? `${ctx.apiEndpoint}/${encodeURIComponent(ctx.bucket.name)}/` : policy.url,
      headers: {},
      fields: { ...policy.fields },
      fileField: FILE_FIELD,
      enforcesMaxSize: true,
      expiresAt: new Date(expires),
    };
  } catch (error) {
    throw signingFailure(error, 'signedUpload', normalized);
  }
}

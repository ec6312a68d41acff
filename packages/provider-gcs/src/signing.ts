import { gcsError } from './errors.js';
import type { GcsContext } from './context.js';

/** The longest lifetime GCS accepts for a V4 signature: 7 days. */
export const MAX_SIGNED_SECONDS = 604_800;

const HOW_TO_SIGN =
  'give a service-account key (the credentials or keyFilename option), or run under Application Default ' +
  'Credentials of a service account (GCE, Cloud Run, GKE workload identity) that holds ' +
  'iam.serviceAccounts.signBlob on itself (roles/iam.serviceAccountTokenCreator)';

/**
 * Fails with a clear `INVALID_OPTIONS` when the credentials in use cannot produce a V4 signature: signing
 * needs a service account's `client_email` (and either its private key, or the IAM signBlob API). User
 * credentials from `gcloud auth application-default login` have no `client_email`.
 */
export async function assertCanSign(ctx: GcsContext, what: string): Promise<void> {
  let email: string | undefined;
  try {
    const credentials = await ctx.storage.authClient.getCredentials();
    email = credentials.client_email;
  } catch (error) {
    throw gcsError('INVALID_OPTIONS', `${what} needs credentials that can sign, but none could be loaded: ${HOW_TO_SIGN}`, undefined, error);
  }
  if (!email) {
    throw gcsError(
      'INVALID_OPTIONS',
      `${what} needs credentials that can sign, but the credentials in use have no client_email ` +
        `(user credentials, such as those of "gcloud auth application-default login", cannot sign): ${HOW_TO_SIGN}`,
    );
  }
}

/** Maps a failure of the signing call itself (the IAM signBlob API refusing, a malformed key). */
export function signingFailure(error: unknown, what: string, key: string): Error {
  const detail = error instanceof Error ? error.message.slice(0, 300) : String(error);
  return gcsError('INVALID_OPTIONS', `${what} could not be signed (${detail}): ${HOW_TO_SIGN}`, key, error);
}

/** The lifetime in seconds of a signed URL or upload: `expiresIn`, or the provider's default. */
export function lifetime(ctx: GcsContext, expiresIn: number | undefined): number {
  const seconds = expiresIn ?? ctx.options.signedUrlExpiresIn;
  if (!Number.isSafeInteger(seconds) || seconds < 1 || seconds > MAX_SIGNED_SECONDS) {
    throw gcsError('INVALID_INPUT', `Invalid expiresIn: expected a whole number of seconds from 1 to ${MAX_SIGNED_SECONDS} (7 days)`);
  }
  return seconds;
}

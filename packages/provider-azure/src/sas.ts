import { BlobSASPermissions, generateBlobSASQueryParameters, type BlobSASSignatureValues, type UserDelegationKey } from '@azure/storage-blob';
import { StowageError } from '@stowage/core';
import type { Signer } from './auth.js';
import { blobOf, errorContext, type AzureContext } from './context.js';
import { mapErrors, PROVIDER } from './errors.js';

/** What a blob SAS grants. */
export interface BlobSasRequest {
  /** SAS permission letters, e.g. `r` or `cw`. */
  permissions: string;
  /** When the SAS stops working. */
  expiresOn: Date;
  /** A `Content-Disposition` the response carries instead of the stored one (`rscd`). */
  contentDisposition?: string;
  /** The operation, for error messages. */
  op: string;
}

// A user-delegation key is fetched once and reused for many URLs: one round trip per few hours, not per URL.
const KEY_LIFETIME_MS = 6 * 3600_000;
const MAX_KEY_LIFETIME_MS = 7 * 24 * 3600_000;
const CLOCK_SKEW_MS = 5 * 60_000;
const delegationKeys = new WeakMap<Signer, Promise<UserDelegationKey>>();

/**
 * The URL of `stored` with a blob SAS: a service SAS signed with the account key, or a user-delegation SAS
 * when the provider authenticates with a TokenCredential.
 * @throws `UNSUPPORTED` when the credentials cannot sign (a SAS token, anonymous access).
 */
export async function signedBlobUrl(ctx: AzureContext, stored: string, request: BlobSasRequest): Promise<string> {
  const signer = ctx.signer;
  if (signer.kind === 'none') {
    throw new StowageError('UNSUPPORTED', `Azure ${request.op}: ${signer.reason}`, { key: stored, provider: PROVIDER });
  }
  const values: BlobSASSignatureValues = {
    containerName: ctx.container.containerName,
    blobName: stored,
    permissions: BlobSASPermissions.parse(request.permissions),
    expiresOn: request.expiresOn,
    ...(request.contentDisposition === undefined ? {} : { contentDisposition: request.contentDisposition }),
  };
  const query =
    signer.kind === 'key'
      ? generateBlobSASQueryParameters(values, signer.credential)
      : generateBlobSASQueryParameters(
          { ...values, startsOn: new Date(Date.now() - CLOCK_SKEW_MS) },
          await delegationKey(ctx, signer, request),
          ctx.container.accountName,
        );
  const url = new URL(blobOf(ctx, stored).url);
  url.search = query.toString();
  return url.toString();
}

async function delegationKey(ctx: AzureContext, signer: Extract<Signer, { kind: 'delegation' }>, request: BlobSasRequest): Promise<UserDelegationKey> {
  const cached = delegationKeys.get(signer);
  if (cached !== undefined) {
    const key = await cached.catch(() => undefined);
    if (key !== undefined && key.signedExpiresOn.getTime() >= request.expiresOn.getTime()) return key;
  }
  const now = Date.now();
  const lifetime = Math.min(Math.max(request.expiresOn.getTime() - now + CLOCK_SKEW_MS, KEY_LIFETIME_MS), MAX_KEY_LIFETIME_MS - CLOCK_SKEW_MS);
  const fetching = mapErrors(errorContext(ctx, request.op), async () => {
    const response = await signer.service.getUserDelegationKey(new Date(now - CLOCK_SKEW_MS), new Date(now + lifetime));
    return response as UserDelegationKey;
  });
  delegationKeys.set(signer, fetching);
  fetching.catch(() => delegationKeys.delete(signer));
  return fetching;
}

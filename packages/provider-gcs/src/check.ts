import type { CallOptions } from '@stowage/core';
import { abortable, type GcsContext } from './context.js';
import { gcsError, statusOf, toStowageError } from './errors.js';

/**
 * Verifies that the credentials work and the bucket is there, by listing at most one object under the
 * prefix: the permission an upload provider needs (storage.objects.list), not storage.buckets.get, which
 * object-level roles lack. With `predefinedAcl` set it also reads the bucket (when allowed) to report a
 * bucket with uniform bucket-level access, where per-object ACLs are refused.
 * @throws `INVALID_OPTIONS` naming `bucket` when it does not exist; `INVALID_CREDENTIALS`, `ACCESS_DENIED`,
 *   `UNAVAILABLE`.
 */
export async function check(ctx: GcsContext, options: CallOptions = {}): Promise<void> {
  const bucket = ctx.bucket.name;
  await abortable(options.signal, undefined, async () => {
    try {
      await ctx.bucket.getFiles({ autoPaginate: false, maxResults: 1, ...(ctx.prefix === '' ? {} : { prefix: `${ctx.prefix}/` }) });
    } catch (error) {
      if (statusOf(error) === 404) {
        throw gcsError('INVALID_OPTIONS', `Invalid option bucket: bucket "${bucket}" does not exist (or is not visible to these credentials)`, undefined, error);
      }
      throw toStowageError(error, { operation: `check of bucket "${bucket}"` });
    }
    if (ctx.options.predefinedAcl !== undefined) await checkAclAllowed(ctx);
  });
}

async function checkAclAllowed(ctx: GcsContext): Promise<void> {
  let uniform: boolean | undefined;
  try {
    const [metadata] = await ctx.bucket.getMetadata();
    uniform = metadata.iamConfiguration?.uniformBucketLevelAccess?.enabled === true;
  } catch {
    // Reading bucket metadata needs storage.buckets.get, which many upload roles lack: nothing to report then.
    return;
  }
  if (uniform) {
    throw gcsError(
      'INVALID_OPTIONS',
      `Invalid option predefinedAcl: bucket "${ctx.bucket.name}" has uniform bucket-level access, which refuses per-object ACLs; remove predefinedAcl and grant access with IAM`,
    );
  }
}

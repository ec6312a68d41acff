import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import type { CallOptions } from '@stowage/core';
import type { S3Context } from './context.js';

/** Deletes one object. S3 answers a missing key with success, so this is idempotent. */
export async function deleteObject(ctx: S3Context, key: string, options: CallOptions = {}): Promise<void> {
  const { key: normalized, stored } = ctx.resolveKey(key);
  try {
    await ctx.client.send(new DeleteObjectCommand({ Bucket: ctx.bucket, Key: stored }), { abortSignal: options.signal });
    ctx.bucketSeen = true;
  } catch (error) {
    throw ctx.error(error, 'delete', normalized);
  }
}

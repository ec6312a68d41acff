import { HeadBucketCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { CallOptions } from '@stowage/core';
import type { S3Context } from './context.js';
import { lacksErrorCode } from './errors.js';

/**
 * HeadBucket: the credentials work and the bucket is there. A HEAD answer has no error code, so a failure
 * is asked again as a one-key listing, whose answer tells a wrong secret from a missing permission.
 */
export async function check(ctx: S3Context, options: CallOptions = {}): Promise<void> {
  try {
    await ctx.client.send(new HeadBucketCommand({ Bucket: ctx.bucket }), { abortSignal: options.signal });
    ctx.bucketSeen = true;
    return;
  } catch (error) {
    if (!lacksErrorCode(error)) throw ctx.error(error, 'check');
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) {
      throw ctx.error({ Code: 'NoSuchBucket', $metadata: { httpStatusCode: 404 } }, 'check');
    }
    try {
      await ctx.client.send(new ListObjectsV2Command({ Bucket: ctx.bucket, MaxKeys: 1 }), { abortSignal: options.signal });
    } catch (detailed) {
      throw ctx.error(detailed, 'check');
    }
    throw ctx.error(error, 'check');
  }
}

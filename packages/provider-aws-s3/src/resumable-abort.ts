import { DeleteObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { CallOptions, ResumableHandle } from '@stowage/core';
import type { S3Context } from './context.js';
import type { ResumablePaths } from './resumable-paths.js';
import { checkHandle } from './resumable-state.js';

/**
 * Drops a resumable upload: its manifest first (from then on appends and completion answer `NOT_FOUND`),
 * then every piece in its folder, including those of failed or dropped appends that no handle names.
 * Idempotent: a folder already gone resolves.
 */
export async function abortResumable(ctx: S3Context, raw: ResumableHandle, options: CallOptions = {}): Promise<void> {
  const { handle, paths } = checkHandle(ctx, raw);
  try {
    await removeFolder(ctx, paths, options.signal);
  } catch (error) {
    throw ctx.error(error, 'abortResumable', handle.key);
  }
}

/**
 * Deletes the manifest, then everything under the upload's folder, one `DeleteObject` per key, `queueSize`
 * at a time: `DeleteObjects` needs a Content-MD5 that the SDK no longer sends (Swift's s3api answers
 * `InvalidRequest` without it).
 */
export async function removeFolder(ctx: S3Context, paths: ResumablePaths, signal?: AbortSignal): Promise<void> {
  await ctx.client.send(new DeleteObjectCommand({ Bucket: ctx.bucket, Key: paths.manifest }), { abortSignal: signal });
  let token: string | undefined;
  do {
    const page = await ctx.client.send(new ListObjectsV2Command({ Bucket: ctx.bucket, Prefix: paths.folder, ...(token === undefined ? {} : { ContinuationToken: token }) }), { abortSignal: signal });
    const keys = (page.Contents ?? []).flatMap((o) => (o.Key === undefined ? [] : [o.Key]));
    const worker = async () => {
      for (let key = keys.shift(); key !== undefined; key = keys.shift()) await ctx.client.send(new DeleteObjectCommand({ Bucket: ctx.bucket, Key: key }), { abortSignal: signal });
    };
    await Promise.all(Array.from({ length: ctx.options.queueSize }, worker));
    token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
}

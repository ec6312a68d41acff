import { GetObjectCommand, HeadObjectCommand, type HeadObjectCommandOutput } from '@aws-sdk/client-s3';
import type { S3Context } from './context.js';
import { isMissingObject, lacksErrorCode } from './errors.js';

/**
 * HeadObject, shared by `stat` and `exists`. Resolves `undefined` when the object is missing.
 *
 * HEAD answers have no body, so no error code: a 403 could be a wrong secret or a denied permission, a 404
 * a missing object or a missing bucket. In those cases the same key is asked again with a one-byte GET,
 * whose answer names the error, so callers get `INVALID_CREDENTIALS` or `INVALID_OPTIONS` (no such bucket)
 * rather than a guess. A 404 is re-asked only until the bucket has been seen, so `exists()` stays one request.
 */
export async function headObject(ctx: S3Context, stored: string, key: string, operation: string, signal?: AbortSignal): Promise<HeadObjectCommandOutput | undefined> {
  try {
    const head = await ctx.client.send(new HeadObjectCommand({ Bucket: ctx.bucket, Key: stored }), { abortSignal: signal });
    ctx.bucketSeen = true;
    return head;
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 404 && ctx.bucketSeen) return undefined;
    if (!lacksErrorCode(error) || (status !== 404 && status !== 403)) throw ctx.error(error, operation, key);
    const detailed = await probe(ctx, stored, signal);
    if (detailed === undefined || isMissingObject(detailed)) {
      ctx.bucketSeen = true;
      if (status === 404) return undefined;
      throw ctx.error(error, operation, key);
    }
    throw ctx.error(detailed, operation, key);
  }
}

// The error a GET of the same key answers, with its code; `undefined` when the GET works.
async function probe(ctx: S3Context, stored: string, signal?: AbortSignal): Promise<unknown> {
  try {
    const got = await ctx.client.send(new GetObjectCommand({ Bucket: ctx.bucket, Key: stored, Range: 'bytes=0-0' }), { abortSignal: signal });
    (got.Body as { destroy?: () => void } | undefined)?.destroy?.();
    return undefined;
  } catch (error) {
    return (error as { Code?: string }).Code === 'InvalidRange' ? undefined : error;
  }
}

import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { checkUploadInput, isStowageError, knownLength, meterUpload, StowageError, toReadable, type UploadInput, type UploadResult } from '@stowage/core';
import { unquote, type S3Context } from './context.js';
import { encodeMetadata, SHA256_METADATA, writeParams } from './metadata.js';
import { MAX_PARTS, multipartUpload, type ObjectParams } from './multipart-upload.js';
import { PartPool } from './part-pool.js';
import { publicUrl } from './public-url.js';
import { splitBody } from './split-body.js';

/**
 * Streams `input.body` to S3: one `PutObject` for a body up to `partSize`, a multipart upload beyond,
 * with `queueSize` parts in flight in `queueSize + 1` reused buffers. Core's meter checks size, limit,
 * SHA-256 and abort before the body ends, so a bad body never completes; any failure aborts the
 * multipart upload, leaving no parts behind.
 */
export async function upload(ctx: S3Context, input: UploadInput): Promise<UploadResult> {
  const checked = checkUploadInput(input, { provider: 'aws-s3' });
  const { key, stored } = ctx.resolveKey(checked.key);
  const { partSize, queueSize } = ctx.options;
  const { contentType } = checked;
  const metadata = encodeMetadata(checked.metadata, key);
  if (input.sha256 !== undefined && typeof input.sha256 === 'string' && /^[0-9a-f]{64}$/i.test(input.sha256)) metadata[SHA256_METADATA] = input.sha256.toLowerCase();
  const size = input.size ?? knownLength(input.body);
  if (size !== undefined && size > partSize * MAX_PARTS) {
    throw new StowageError('TOO_LARGE', `Body is ${size} bytes, more than the ${partSize * MAX_PARTS} that ${MAX_PARTS} parts of partSize ${partSize} hold (raise partSize)`, { key, provider: 'aws-s3' });
  }
  const meter = meterUpload(toReadable(input.body), { ...input, key, size });
  const params: ObjectParams = {
    Bucket: ctx.bucket,
    Key: stored,
    ContentType: contentType,
    ...(checked.cacheControl === undefined ? {} : { CacheControl: checked.cacheControl }),
    ...(checked.contentDisposition === undefined ? {} : { ContentDisposition: checked.contentDisposition }),
    Metadata: metadata,
    ...writeParams(ctx.options),
  };
  const pool = new PartPool(partSize, queueSize + 1);
  // Part requests stop as soon as the body fails, instead of finishing before the abort.
  const cancel = new AbortController();
  let bodyFailure: { error: unknown } | undefined;
  meter.once('error', (error) => {
    bodyFailure ??= { error };
    cancel.abort(error);
    pool.fail(error);
  });
  const stop = (error: unknown) => {
    cancel.abort(error);
    pool.fail(error);
    // Without an error: the meter's 'error' means the body failed, and this is not the body's fault.
    meter.destroy();
  };
  let etag: string | undefined;
  let versionId: string | undefined;
  try {
    const parts = splitBody(meter, pool);
    const first = await parts.next();
    if (first.done !== true && first.value.last && first.value.number === 1) {
      const { data } = first.value;
      const answer = await ctx.client.send(new PutObjectCommand({ ...params, Body: data, ContentLength: data.byteLength }), { abortSignal: cancel.signal });
      ({ ETag: etag, VersionId: versionId } = answer);
    } else {
      const answer = await multipartUpload(ctx, params, prepend(first, parts), { pool, signal: cancel.signal, stop, key });
      ({ ETag: etag, VersionId: versionId } = answer);
    }
  } catch (error) {
    meter.destroy();
    if (bodyFailure !== undefined) {
      if (isStowageError(bodyFailure.error)) throw bodyFailure.error;
      throw new StowageError('ABORTED', 'The upload body failed', { cause: bodyFailure.error, key, provider: 'aws-s3' });
    }
    throw ctx.error(error, 'upload', key);
  }
  ctx.bucketSeen = true;
  etag = unquote(etag);
  // Ceph answers CompleteMultipartUpload with an empty ETag; HeadObject has the real one.
  if (etag === undefined) {
    const head = await ctx.client.send(new HeadObjectCommand({ Bucket: ctx.bucket, Key: stored })).catch(() => undefined);
    etag = unquote(head?.ETag);
  }
  return {
    key,
    size: meter.bytes,
    contentType,
    ...(etag === undefined ? {} : { etag }),
    sha256: meter.digest(),
    ...(ctx.options.baseUrl === undefined ? {} : { url: publicUrl(ctx.options.baseUrl, ctx.options.rootPath, key) }),
    providerMetadata: { bucket: ctx.bucket, key: stored, ...(versionId === undefined ? {} : { versionId }) },
  };
}

/** The parts again, with the first one (already read to tell a single `PutObject` apart) in front. */
async function* prepend<T>(first: IteratorResult<T, void>, rest: AsyncGenerator<T, void, undefined>): AsyncGenerator<T, void, undefined> {
  if (first.done === true) return;
  yield first.value;
  yield* rest;
}

import { AbortMultipartUploadCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { isStowageError, knownLength, meterUpload, StowageError, toReadable, type UploadInput, type UploadResult } from '@stowage/core';
import { unquote, type S3Context } from './context.js';
import { encodeMetadata, SHA256_METADATA, writeParams } from './metadata.js';
import { publicUrl } from './public-url.js';

/**
 * Streams `input.body` to S3 through lib-storage's `Upload`: one `PutObject` for a body up to `partSize`,
 * a multipart upload beyond. Core's meter checks size, limit, SHA-256 and abort before the body ends, so
 * a bad body never completes; any failure aborts the multipart upload, leaving no parts behind.
 */
export async function upload(ctx: S3Context, input: UploadInput): Promise<UploadResult> {
  if (typeof input !== 'object' || input === null) throw new StowageError('INVALID_INPUT', 'Invalid upload input: expected an object with key and body', { provider: 'aws-s3' });
  const { key, stored } = ctx.resolveKey(input.key);
  const contentType = input.contentType ?? 'application/octet-stream';
  const metadata = encodeMetadata(input.metadata, key);
  if (input.sha256 !== undefined && typeof input.sha256 === 'string' && /^[0-9a-f]{64}$/i.test(input.sha256)) metadata[SHA256_METADATA] = input.sha256.toLowerCase();
  const size = input.size ?? knownLength(input.body);
  const meter = meterUpload(toReadable(input.body), {
    key,
    ...(size === undefined ? {} : { size }),
    ...(input.maxSize === undefined ? {} : { maxSize: input.maxSize }),
    ...(input.sha256 === undefined ? {} : { sha256: input.sha256 }),
    ...(input.signal === undefined ? {} : { signal: input.signal }),
  });
  // In-flight part uploads stop as soon as the body fails, instead of finishing before the abort.
  const cancel = new AbortController();
  let failure: unknown;
  meter.once('error', (error) => {
    failure ??= error;
    cancel.abort(error);
  });
  const job = new Upload({
    client: cancellable(ctx.client, cancel.signal),
    partSize: ctx.options.partSize,
    queueSize: ctx.options.queueSize,
    leavePartsOnError: false,
    params: {
      Bucket: ctx.bucket,
      Key: stored,
      Body: meter,
      ContentType: contentType,
      ...(input.cacheControl === undefined ? {} : { CacheControl: input.cacheControl }),
      ...(input.contentDisposition === undefined ? {} : { ContentDisposition: input.contentDisposition }),
      Metadata: metadata,
      ...writeParams(ctx.options),
    },
  });
  let etag: string | undefined;
  let versionId: string | undefined;
  try {
    const result = await job.done();
    etag = unquote(result.ETag);
    versionId = result.VersionId;
  } catch (error) {
    await abortLeftovers(ctx, job, stored);
    if (isStowageError(failure)) throw failure;
    if (failure !== undefined) throw new StowageError('ABORTED', 'The upload body failed', { cause: failure, key, provider: 'aws-s3' });
    throw ctx.error(error, 'upload', key);
  }
  ctx.bucketSeen = true;
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

/**
 * The client as lib-storage sees it: part and single uploads carry `signal`, so they stop at once when the
 * body fails. Creating, completing and aborting the multipart upload do not: cancelling those could leave
 * an upload nobody aborts.
 */
const INTERRUPTIBLE = new Set(['UploadPartCommand', 'PutObjectCommand']);

function cancellable(client: S3Client, signal: AbortSignal): S3Client {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return (command: unknown, options?: object) =>
        INTERRUPTIBLE.has((command as { constructor?: { name?: string } })?.constructor?.name ?? '')
          ? target.send(command as never, { ...options, abortSignal: signal } as never)
          : target.send(command as never, options as never);
    },
  });
}

// lib-storage aborts the multipart upload itself; if that request failed, try once more so no parts stay.
async function abortLeftovers(ctx: S3Context, job: Upload, stored: string): Promise<void> {
  const state = job as unknown as { uploadId?: string; abortMultipartUploadCommand?: unknown };
  if (state.uploadId === undefined || state.abortMultipartUploadCommand === null) return;
  await ctx.client.send(new AbortMultipartUploadCommand({ Bucket: ctx.bucket, Key: stored, UploadId: state.uploadId })).catch(() => undefined);
}

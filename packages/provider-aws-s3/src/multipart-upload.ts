import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  UploadPartCommand,
  type CompletedPart,
  type CompleteMultipartUploadCommandOutput,
  type PutObjectCommandInput,
} from '@aws-sdk/client-s3';
import { StowageError } from '@stowage/core';
import type { S3Context } from './context.js';
import type { PartPool } from './part-pool.js';
import type { BodyPart } from './split-body.js';

/** S3's limit on parts per multipart upload. */
export const MAX_PARTS = 10_000;

/** What a write sends besides the bytes: bucket, key, content headers, metadata, ACL, encryption. */
export type ObjectParams = Omit<PutObjectCommandInput, 'Body' | 'ContentLength'> & { Bucket: string; Key: string };

/** How a multipart upload is driven from outside. */
export interface MultipartControl {
  pool: PartPool;
  /** Aborts in-flight part requests. Creating, completing and aborting the upload never carry it. */
  signal: AbortSignal;
  /** Called once when a part fails: stop reading the body and cancel the other parts. */
  stop(error: unknown): void;
  /** The key as the caller named it, for error messages. */
  key: string;
}

/**
 * Uploads `parts` as one multipart upload, `queueSize` parts at a time. Each part's buffer
 * goes back to the pool once its request settles. Any failure (a part, the body, completing) aborts the
 * upload after every part request has settled, so no part stays behind.
 *
 * With the client's `requestChecksumCalculation` at `WHEN_SUPPORTED` (AWS), the upload is created with
 * CRC32 checksums, as lib-storage does: the SDK sends each part's CRC32 and S3 checks it.
 * @throws the failing part's or call's error as the SDK raised it (the caller maps it), or `TOO_LARGE`
 *   past {@link MAX_PARTS} parts.
 */
export async function multipartUpload(ctx: S3Context, params: ObjectParams, parts: AsyncIterable<BodyPart>, control: MultipartControl): Promise<CompleteMultipartUploadCommandOutput> {
  const checksums = (await ctx.client.config.requestChecksumCalculation()) === 'WHEN_SUPPORTED';
  const created = await ctx.client.send(new CreateMultipartUploadCommand({ ...params, ...(checksums ? { ChecksumAlgorithm: 'CRC32' } : {}) }));
  if (created.UploadId === undefined) throw new Error('CreateMultipartUpload answered without an UploadId');
  const target = { Bucket: params.Bucket, Key: params.Key, UploadId: created.UploadId };
  const uploaded: CompletedPart[] = [];
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  const fail = (error: unknown) => {
    if (failure !== undefined) return;
    failure = { error };
    control.stop(error);
  };
  try {
    for await (const part of parts) {
      if (part.number > MAX_PARTS) throw tooManyParts(ctx, control.key);
      // The next part fills its buffer meanwhile: `queueSize` parts in flight, one more in the making.
      while (inFlight.size >= ctx.options.queueSize) await Promise.race(inFlight);
      if (failure !== undefined) throw failure.error;
      const request = ctx.client
        .send(new UploadPartCommand({ ...target, PartNumber: part.number, Body: part.data, ContentLength: part.data.byteLength, ...(checksums ? { ChecksumAlgorithm: 'CRC32' } : {}) }), { abortSignal: control.signal })
        .then((answer) => {
          if (answer.ETag === undefined || answer.ETag === '') throw new Error(`UploadPart ${part.number} answered without an ETag`);
          uploaded.push({ PartNumber: part.number, ETag: answer.ETag, ...(answer.ChecksumCRC32 === undefined ? {} : { ChecksumCRC32: answer.ChecksumCRC32 }) });
          if (part.buffer !== undefined) control.pool.release(part.buffer);
        })
        .catch(fail)
        .finally(() => inFlight.delete(request));
      inFlight.add(request);
    }
    await Promise.all(inFlight);
    if (failure !== undefined) throw failure.error;
    uploaded.sort((a, b) => (a.PartNumber ?? 0) - (b.PartNumber ?? 0));
    return await ctx.client.send(new CompleteMultipartUploadCommand({ ...target, MultipartUpload: { Parts: uploaded } }));
  } catch (error) {
    fail(error);
    await Promise.all(inFlight);
    await abort(ctx, target);
    throw failure === undefined ? error : failure.error;
  }
}

// One retry: an abort that fails leaves parts that are billed until a lifecycle rule removes them.
async function abort(ctx: S3Context, target: { Bucket: string; Key: string; UploadId: string }): Promise<void> {
  const command = new AbortMultipartUploadCommand(target);
  await ctx.client.send(command).catch(() => ctx.client.send(command)).catch(() => undefined);
}

function tooManyParts(ctx: S3Context, key: string): StowageError {
  const limit = ctx.options.partSize * MAX_PARTS;
  return new StowageError('TOO_LARGE', `Body is larger than ${limit} bytes, the most ${MAX_PARTS} parts of partSize ${ctx.options.partSize} hold (raise partSize)`, { key, provider: 'aws-s3' });
}

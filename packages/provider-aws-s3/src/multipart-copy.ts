import { AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CreateMultipartUploadCommand, UploadPartCopyCommand, type CompletedPart, type HeadObjectCommandOutput } from '@aws-sdk/client-s3';
import type { S3Context } from './context.js';
import { writeParams } from './metadata.js';

/** Sizes of server-side copies. CopyObject takes up to 5 GiB; larger objects are copied in parts. */
export const copyLimits = {
  /** The largest object one CopyObject copies (S3's limit). */
  single: 5 * 1024 ** 3,
  /** The size of each UploadPartCopy (raised when the object needs more than 10,000 parts). */
  part: 512 * 1024 ** 2,
};

/**
 * Copies an object over 5 GiB with UploadPartCopy, `queueSize` parts at a time. Type, headers and metadata
 * come from the source's HeadObject; any failure aborts the multipart upload, leaving no parts behind.
 * Each part is copied only if the source is unmodified since that HeadObject, so a source overwritten
 * meanwhile fails the copy instead of mixing two versions (an ETag condition would be exact, but Swift's
 * s3api refuses its own multipart ETags there).
 */
export async function multipartCopy(ctx: S3Context, source: { stored: string; head: HeadObjectCommandOutput }, target: string, signal?: AbortSignal): Promise<void> {
  const size = source.head.ContentLength ?? 0;
  const partSize = Math.max(copyLimits.part, Math.ceil(size / 10_000));
  const { head } = source;
  const created = await ctx.client.send(
    new CreateMultipartUploadCommand({
      Bucket: ctx.bucket,
      Key: target,
      ...(head.ContentType === undefined ? {} : { ContentType: head.ContentType }),
      ...(head.CacheControl === undefined ? {} : { CacheControl: head.CacheControl }),
      ...(head.ContentDisposition === undefined ? {} : { ContentDisposition: head.ContentDisposition }),
      ...(head.ContentEncoding === undefined ? {} : { ContentEncoding: head.ContentEncoding }),
      ...(head.ContentLanguage === undefined ? {} : { ContentLanguage: head.ContentLanguage }),
      Metadata: head.Metadata ?? {},
      ...writeParams(ctx.options),
    }),
    { abortSignal: signal },
  );
  const uploadId = created.UploadId;
  try {
    const ranges: { partNumber: number; start: number; end: number }[] = [];
    for (let start = 0, partNumber = 1; start < size; start += partSize, partNumber++) ranges.push({ partNumber, start, end: Math.min(start + partSize, size) - 1 });
    const parts: CompletedPart[] = [];
    const copySource = `${ctx.bucket}/${source.stored.split('/').map(encodeURIComponent).join('/')}`;
    const worker = async () => {
      for (let range = ranges.shift(); range !== undefined; range = ranges.shift()) {
        const out = await ctx.client.send(
          new UploadPartCopyCommand({ Bucket: ctx.bucket, Key: target, UploadId: uploadId, PartNumber: range.partNumber, CopySource: copySource, CopySourceRange: `bytes=${range.start}-${range.end}`, ...(head.LastModified === undefined ? {} : { CopySourceIfUnmodifiedSince: head.LastModified }) }),
          { abortSignal: signal },
        );
        parts.push({ PartNumber: range.partNumber, ETag: out.CopyPartResult?.ETag });
      }
    };
    await Promise.all(Array.from({ length: ctx.options.queueSize }, worker));
    parts.sort((a, b) => (a.PartNumber ?? 0) - (b.PartNumber ?? 0));
    await ctx.client.send(new CompleteMultipartUploadCommand({ Bucket: ctx.bucket, Key: target, UploadId: uploadId, MultipartUpload: { Parts: parts } }));
  } catch (error) {
    await ctx.client.send(new AbortMultipartUploadCommand({ Bucket: ctx.bucket, Key: target, UploadId: uploadId })).catch(() => undefined);
    throw error;
  }
}

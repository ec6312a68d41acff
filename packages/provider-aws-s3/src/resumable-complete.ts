import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  PutObjectCommand,
  UploadPartCopyCommand,
  type CompletedPart,
} from '@aws-sdk/client-s3';
import { ResumableDigest, StowageError, type ResumableCompleteOptions, type ResumableHandle, type UploadResult } from '@stowage/core';
import { unquote, type S3Context } from './context.js';
import { writeParams } from './metadata.js';
import { publicUrl } from './public-url.js';
import { removeFolder } from './resumable-abort.js';
import { checkHandle, readManifest, type Manifest } from './resumable-state.js';

/**
 * Stores the pieces at the handle's key, all or nothing: none is a `PutObject` of 0 bytes, one is a
 * `CopyObject`, more are a multipart upload opened now whose parts are `UploadPartCopy`s of the pieces
 * in order (server-side; no byte comes back through this process). Then the upload's folder is removed.
 *
 * Why parts are made only now, and not `UploadPart`ed by each append: an append that failed, or that a
 * rewind dropped, leaves parts no handle names, and Ceph RGW (16.2) refuses a `CompleteMultipartUpload`
 * that leaves out any uploaded part (`InvalidPart`, "total parts mismatch"), while S3 has no call that
 * deletes one part. A multipart upload opened at completion holds exactly the handle's pieces.
 */
export async function completeResumable(ctx: S3Context, raw: ResumableHandle, options: ResumableCompleteOptions = {}): Promise<UploadResult> {
  const checked = checkHandle(ctx, raw);
  const { handle, state, paths } = checked;
  const { key, stored } = ctx.resolveKey(handle.key);
  if (options.minSize !== undefined && handle.offset < options.minSize) {
    throw new StowageError('INVALID_INPUT', `The upload has ${handle.offset} bytes, fewer than minSize ${options.minSize}`, { key, provider: 'aws-s3', details: { limit: options.minSize } });
  }
  const digest = await ResumableDigest.resume(state.digest, { key, provider: 'aws-s3' });
  const manifest = await readManifest(ctx, checked, 'completeResumable', options.signal);
  const params = { Bucket: ctx.bucket, Key: stored, ...objectHeaders(manifest), ...writeParams(ctx.options) };
  const sources = state.pieces.map((p) => `${ctx.bucket}/${paths.piece(p.name).split('/').map(encodeURIComponent).join('/')}`);
  const signal = options.signal;
  let etag: string | undefined;
  let versionId: string | undefined;
  try {
    if (sources.length === 0) {
      ({ ETag: etag, VersionId: versionId } = await ctx.client.send(new PutObjectCommand({ ...params, Body: new Uint8Array(0), ContentLength: 0 }), { abortSignal: signal }));
    } else if (sources.length === 1) {
      const out = await ctx.client.send(new CopyObjectCommand({ ...params, CopySource: sources[0], MetadataDirective: 'REPLACE' }), { abortSignal: signal });
      ({ VersionId: versionId } = out);
      etag = out.CopyObjectResult?.ETag;
    } else {
      ({ ETag: etag, VersionId: versionId } = await copyParts(ctx, params, sources, signal));
    }
  } catch (error) {
    throw ctx.error(error, 'completeResumable', key);
  }
  etag = unquote(etag);
  // Ceph answers CompleteMultipartUpload with an empty ETag; HeadObject has the real one.
  if (etag === undefined) {
    const head = await ctx.client.send(new HeadObjectCommand({ Bucket: ctx.bucket, Key: stored })).catch(() => undefined);
    etag = unquote(head?.ETag);
  }
  // The object is stored: a failing cleanup must not report the upload as failed.
  await removeFolder(ctx, paths).catch(() => removeFolder(ctx, paths)).catch(() => undefined);
  return {
    key,
    size: handle.offset,
    contentType: manifest.contentType,
    ...(etag === undefined ? {} : { etag }),
    sha256: digest.hex(),
    ...(ctx.options.baseUrl === undefined ? {} : { url: publicUrl(ctx.options.baseUrl, ctx.options.rootPath, key) }),
    providerMetadata: { bucket: ctx.bucket, key: stored, ...(versionId === undefined ? {} : { versionId }) },
  };
}

function objectHeaders(manifest: Manifest) {
  return {
    ContentType: manifest.contentType,
    ...(manifest.cacheControl === undefined ? {} : { CacheControl: manifest.cacheControl }),
    ...(manifest.contentDisposition === undefined ? {} : { ContentDisposition: manifest.contentDisposition }),
    Metadata: manifest.metadata,
  };
}

type Params = ReturnType<typeof objectHeaders> & ReturnType<typeof writeParams> & { Bucket: string; Key: string };

/** One multipart upload whose parts copy `sources` in order, `queueSize` at a time; aborted on any failure. */
async function copyParts(ctx: S3Context, params: Params, sources: string[], signal?: AbortSignal): Promise<{ ETag?: string; VersionId?: string }> {
  const created = await ctx.client.send(new CreateMultipartUploadCommand(params), { abortSignal: signal });
  if (created.UploadId === undefined) throw new Error('CreateMultipartUpload answered without an UploadId');
  const target = { Bucket: params.Bucket, Key: params.Key, UploadId: created.UploadId };
  try {
    const parts: CompletedPart[] = [];
    const queue = sources.map((source, i) => ({ source, number: i + 1 }));
    const worker = async () => {
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
        const out = await ctx.client.send(new UploadPartCopyCommand({ ...target, PartNumber: next.number, CopySource: next.source }), { abortSignal: signal });
        parts.push({ PartNumber: next.number, ETag: out.CopyPartResult?.ETag });
      }
    };
    await Promise.all(Array.from({ length: Math.min(ctx.options.queueSize, sources.length) }, worker));
    parts.sort((a, b) => (a.PartNumber ?? 0) - (b.PartNumber ?? 0));
    return await ctx.client.send(new CompleteMultipartUploadCommand({ ...target, MultipartUpload: { Parts: parts } }));
  } catch (error) {
    await ctx.client.send(new AbortMultipartUploadCommand(target)).catch(() => undefined);
    throw error;
  }
}

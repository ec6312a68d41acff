import { CopyObjectCommand } from '@aws-sdk/client-s3';
import { StowageError, type CallOptions } from '@stowage/core';
import type { S3Context } from './context.js';
import { headObject } from './head-object.js';
import { writeParams } from './metadata.js';
import { copyLimits, multipartCopy } from './multipart-copy.js';

/**
 * Server-side copy. The source's HeadObject gives its size (and a clean `NOT_FOUND`); up to 5 GiB one
 * CopyObject copies it with type, headers and metadata (`MetadataDirective: COPY`), beyond that
 * UploadPartCopy does. The options' ACL, encryption and storage class apply to the copy.
 */
export async function copy(ctx: S3Context, from: string, to: string, options: CallOptions = {}): Promise<void> {
  const source = ctx.resolveKey(from);
  const target = ctx.resolveKey(to);
  const head = await headObject(ctx, source.stored, source.key, 'copy', options.signal);
  if (head === undefined) throw new StowageError('NOT_FOUND', `S3 copy of "${source.key}" failed: no such object`, { key: source.key, provider: 'aws-s3' });
  try {
    if ((head.ContentLength ?? 0) > copyLimits.single) {
      await multipartCopy(ctx, { stored: source.stored, head }, target.stored, options.signal);
      return;
    }
    await ctx.client.send(
      new CopyObjectCommand({
        Bucket: ctx.bucket,
        Key: target.stored,
        CopySource: `${ctx.bucket}/${source.stored.split('/').map(encodeURIComponent).join('/')}`,
        MetadataDirective: 'COPY',
        ...writeParams(ctx.options),
      }),
      { abortSignal: options.signal },
    );
  } catch (error) {
    throw ctx.error(error, 'copy', source.key);
  }
}

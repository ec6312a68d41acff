import { PutObjectCommand } from '@aws-sdk/client-s3';
import { checkUploadInput, ResumableDigest, type ResumableCreateOptions, type ResumableHandle } from '@stowage/core';
import { randomBytes } from 'node:crypto';
import type { S3Context } from './context.js';
import { encodeMetadata } from './metadata.js';
import { resumablePaths } from './resumable-paths.js';
import type { Manifest, S3ResumableState } from './resumable-state.js';

/**
 * Starts a resumable upload: writes its manifest (target key, type, headers, metadata) as a hidden object.
 * No multipart upload is opened yet: see `resumable-complete.ts` for why parts are only made at the end.
 */
export async function createResumable(ctx: S3Context, key: string, options: ResumableCreateOptions = {}): Promise<ResumableHandle> {
  const checked = checkUploadInput({ ...options, key, body: new Uint8Array(0) }, { provider: 'aws-s3' });
  const { key: normalized } = ctx.resolveKey(checked.key);
  const manifest: Manifest = {
    key: normalized,
    contentType: checked.contentType,
    ...(checked.cacheControl === undefined ? {} : { cacheControl: checked.cacheControl }),
    ...(checked.contentDisposition === undefined ? {} : { contentDisposition: checked.contentDisposition }),
    metadata: encodeMetadata(checked.metadata, normalized),
  };
  const id = randomBytes(16).toString('hex');
  const body = JSON.stringify(manifest);
  try {
    await ctx.client.send(
      new PutObjectCommand({ Bucket: ctx.bucket, Key: resumablePaths(ctx.options.rootPath, id).manifest, Body: body, ContentLength: Buffer.byteLength(body), ContentType: 'application/json' }),
      { abortSignal: options.signal },
    );
  } catch (error) {
    throw ctx.error(error, 'createResumable', normalized);
  }
  ctx.bucketSeen = true;
  const state: S3ResumableState = { id, pieces: [], digest: (await ResumableDigest.resume()).save() };
  return { key: normalized, offset: 0, state: { ...state } };
}

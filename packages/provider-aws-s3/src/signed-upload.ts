import { PutObjectCommand } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { StowageError, type SignedUpload, type SignedUploadOptions } from '@stowage/core';
import type { S3Context } from './context.js';
import { expiresInSeconds } from './expiry.js';
import { writeParams } from './metadata.js';

/**
 * A browser upload straight to S3. By default a presigned POST whose policy pins the key and content type
 * and carries a `content-length-range` condition, so S3 itself refuses bodies over `maxSize`. With
 * `signedUploadMethod: 'PUT'`, a presigned PutObject URL (services without POST uploads); S3 cannot
 * limit its size.
 */
export async function signedUpload(ctx: S3Context, key: string, options: SignedUploadOptions): Promise<SignedUpload> {
  const { key: normalized, stored } = ctx.resolveKey(key);
  const maxSize = options?.maxSize;
  if (!Number.isSafeInteger(maxSize) || maxSize < 0) throw new StowageError('INVALID_INPUT', 'Invalid maxSize: expected a non-negative integer of bytes', { key: normalized, provider: 'aws-s3' });
  const expiresIn = expiresInSeconds(options.expiresIn, ctx.options.signedUrlExpiresIn, normalized);
  const contentType = options.contentType ?? 'application/octet-stream';
  const expiresAt = new Date(Date.now() + expiresIn * 1000);
  const write = writeParams(ctx.options);
  try {
    if (ctx.options.signedUploadMethod === 'PUT') {
      const url = await getSignedUrl(ctx.client, new PutObjectCommand({ Bucket: ctx.bucket, Key: stored, ContentType: contentType, ...write }), {
        expiresIn,
        // Headers the browser must send are signed; keep them out of the query string.
        unhoistableHeaders: new Set(['x-amz-acl', 'x-amz-server-side-encryption', 'x-amz-server-side-encryption-aws-kms-key-id', 'x-amz-storage-class']),
      });
      return { method: 'PUT', url, headers: { 'content-type': contentType, ...putHeaders(write) }, fields: {}, enforcesMaxSize: false, expiresAt };
    }
    // S3 replaces "${filename}" in a POST key with the uploaded file's name; such a key cannot be pinned.
    if (stored.includes('${filename}')) throw new StowageError('INVALID_KEY', 'Invalid key for a signed POST upload: it must not contain "${filename}"', { key: normalized, provider: 'aws-s3' });
    const post = await createPresignedPost(ctx.client, {
      Bucket: ctx.bucket,
      Key: stored,
      Conditions: [['content-length-range', 0, maxSize]],
      Fields: { 'Content-Type': contentType, ...postFields(write) },
      Expires: expiresIn,
    });
    return { method: 'POST', url: post.url, headers: {}, fields: post.fields, fileField: 'file', enforcesMaxSize: true, expiresAt };
  } catch (error) {
    throw ctx.error(error, 'signedUpload', normalized);
  }
}

function postFields(write: ReturnType<typeof writeParams>): Record<string, string> {
  return {
    ...(write.ACL === undefined ? {} : { acl: write.ACL }),
    ...(write.ServerSideEncryption === undefined ? {} : { 'x-amz-server-side-encryption': write.ServerSideEncryption }),
    ...(write.SSEKMSKeyId === undefined ? {} : { 'x-amz-server-side-encryption-aws-kms-key-id': write.SSEKMSKeyId }),
    ...(write.StorageClass === undefined ? {} : { 'x-amz-storage-class': write.StorageClass }),
  };
}

function putHeaders(write: ReturnType<typeof writeParams>): Record<string, string> {
  const fields = postFields(write);
  const { acl, ...rest } = fields;
  return { ...(acl === undefined ? {} : { 'x-amz-acl': acl }), ...rest };
}

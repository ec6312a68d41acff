import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { SignedUrl, SignedUrlOptions } from '@stowage/core';
import type { S3Context } from './context.js';
import { expiresInSeconds } from './expiry.js';

/** A SigV4 presigned GetObject URL; `contentDisposition` overrides the stored one in the response. */
export async function signedUrl(ctx: S3Context, key: string, options: SignedUrlOptions = {}): Promise<SignedUrl> {
  const { key: normalized, stored } = ctx.resolveKey(key);
  const expiresIn = expiresInSeconds(options.expiresIn, ctx.options.signedUrlExpiresIn, normalized);
  const command = new GetObjectCommand({
    Bucket: ctx.bucket,
    Key: stored,
    ...(options.contentDisposition === undefined ? {} : { ResponseContentDisposition: options.contentDisposition }),
  });
  const signedAt = Date.now();
  try {
    const url = await getSignedUrl(ctx.client, command, { expiresIn });
    return { url, expiresAt: new Date(signedAt + expiresIn * 1000) };
  } catch (error) {
    throw ctx.error(error, 'signedUrl', normalized);
  }
}

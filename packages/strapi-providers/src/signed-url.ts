import { StowageError, type SignedUrl } from '@stowage/core';
import { mapStrapiError } from './errors.js';
import type { StrapiFile, StrapiProviderInstance } from './types.js';

/**
 * A signed URL from the provider's `getSignedUrl`. Strapi's API has no expiry argument (aws-s3 reads
 * `params.signedUrlExpires` from its options): `expiresAt` is read back from the URL itself (SigV4's
 * `X-Amz-Date` + `X-Amz-Expires`, or V2's `Expires`), so it tells the truth, whatever was asked.
 */
export async function signedUrlOf(instance: StrapiProviderInstance, file: StrapiFile, url: string | undefined, options: { expiresIn?: number; contentDisposition?: string }): Promise<SignedUrl> {
  if (typeof instance.getSignedUrl !== 'function') throw new StowageError('UNSUPPORTED', 'The Strapi provider cannot sign URLs');
  const key = `${file.path === undefined ? '' : `${file.path}/`}${file.hash}${file.ext}`;
  let signed: { url: string };
  try {
    signed = await instance.getSignedUrl({ ...file, ...(url === undefined ? {} : { url }) }, options.contentDisposition === undefined ? {} : { ResponseContentDisposition: options.contentDisposition });
  } catch (error) {
    throw mapStrapiError(error, 'getSignedUrl', key);
  }
  if (typeof signed?.url !== 'string' || !URL.canParse(signed.url)) throw new StowageError('UNSUPPORTED', `The Strapi provider gave no signed URL for "${key}"`, { key });
  return { url: signed.url, expiresAt: expiryOf(signed.url, options.expiresIn ?? 900) };
}

function expiryOf(url: string, fallbackSeconds: number): Date {
  const query = new URL(url).searchParams;
  const date = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(query.get('X-Amz-Date') ?? '');
  const expires = Number(query.get('X-Amz-Expires'));
  if (date !== null && Number.isFinite(expires)) {
    const [, y, mo, d, h, mi, s] = date.map(Number) as number[];
    return new Date(Date.UTC(y as number, (mo as number) - 1, d, h, mi, s) + expires * 1000);
  }
  const v2 = Number(query.get('Expires'));
  if (Number.isFinite(v2) && v2 > 0) return new Date(v2 * 1000);
  return new Date(Date.now() + fallbackSeconds * 1000);
}

import type { PutObjectCommandInput, StorageClass } from '@aws-sdk/client-s3';
import { checkMetadata, RESERVED_METADATA_PREFIX } from '@stowage/core';
import type { ResolvedS3Options } from './options.js';

/**
 * The user-metadata name under which a verified SHA-256 is kept; hidden from `stat().metadata`. Core's
 * metadata rule reserves the prefix, so no upload can set it.
 */
export const SHA256_METADATA = `${RESERVED_METADATA_PREFIX}sha256`;

const PLAIN = /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/;
const ENCODED = /^=\?UTF-8\?B\?([A-Za-z0-9+/]*={0,2})\?=$/i;

/**
 * User metadata as S3 headers, after core's metadata rule (`checkMetadata`). Values that HTTP headers
 * cannot carry as they are (non-ASCII, leading or trailing spaces, empty) are sent as RFC 2047
 * `=?UTF-8?B?…?=` words, the form S3 itself uses.
 * @throws `INVALID_INPUT` naming a bad metadata name or value.
 */
export function encodeMetadata(metadata: Record<string, string> | undefined, key: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(checkMetadata(metadata, { key, provider: 'aws-s3' }))) {
    out[name] = PLAIN.test(value) && !ENCODED.test(value) ? value : `=?UTF-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`;
  }
  return out;
}

/** User metadata as uploaded, from S3's answer, without Stowage's own entries. */
export function decodeMetadata(metadata: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(metadata ?? {})) {
    if (name === SHA256_METADATA) continue;
    const match = ENCODED.exec(value);
    out[name] = match ? Buffer.from(match[1] ?? '', 'base64').toString('utf8') : value;
  }
  return out;
}

/** The parameters every write (upload, copy) carries from the options: ACL, encryption, storage class. */
export function writeParams(options: ResolvedS3Options): Pick<PutObjectCommandInput, 'ACL' | 'ServerSideEncryption' | 'SSEKMSKeyId' | 'StorageClass'> {
  return {
    // Never an ACL unless asked: buckets with ACLs disabled refuse any, even "private".
    ...(options.acl === undefined ? {} : { ACL: options.acl }),
    ...(options.serverSideEncryption === undefined ? {} : { ServerSideEncryption: options.serverSideEncryption }),
    ...(options.kmsKeyId === undefined ? {} : { SSEKMSKeyId: options.kmsKeyId }),
    ...(options.storageClass === undefined ? {} : { StorageClass: options.storageClass as StorageClass }),
  };
}

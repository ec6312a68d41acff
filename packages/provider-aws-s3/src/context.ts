import type { S3Client } from '@aws-sdk/client-s3';
import { normalizeKey, type StowageError } from '@stowage/core';
import { toStowageError } from './errors.js';
import type { ResolvedS3Options } from './options.js';
import { refuseReservedKey } from './resumable-paths.js';

/** What every operation of one provider instance shares. */
export interface S3Context {
  readonly client: S3Client;
  readonly bucket: string;
  readonly options: ResolvedS3Options;
  /**
   * Whether the bucket is known to exist: HEAD answers carry no error code, so until then a 404 on HEAD
   * could be a missing bucket as well as a missing object.
   */
  bucketSeen: boolean;
  /**
   * The key as normalized (`key`) and as stored, with `rootPath` (`stored`).
   * @throws `INVALID_KEY`, also for a key in the folder resumable uploads keep their pieces in.
   */
  resolveKey(key: unknown): { key: string; stored: string };
  /** Maps an SDK error for `operation` on `key`. */
  error(error: unknown, operation: string, key?: string): StowageError;
}

/** Builds the shared context of one provider instance. */
export function createContext(client: S3Client, options: ResolvedS3Options): S3Context {
  const rootPath = options.rootPath;
  return {
    client,
    bucket: options.bucket,
    options,
    bucketSeen: false,
    resolveKey(key) {
      const normalized = normalizeKey(key);
      refuseReservedKey(normalized);
      return { key: normalized, stored: rootPath === undefined ? normalized : normalizeKey(normalized, { prefix: rootPath }) };
    },
    error(error, operation, key) {
      return toStowageError(error, { operation, bucket: options.bucket, ...(key === undefined ? {} : { key }) });
    },
  };
}

/** Removes the quotes S3 puts around entity tags; an empty tag (Ceph after multipart) is no tag. */
export function unquote(etag: string | undefined): string | undefined {
  const value = etag?.replace(/^W\//, '').replace(/^"|"$/g, '');
  return value === '' ? undefined : value;
}

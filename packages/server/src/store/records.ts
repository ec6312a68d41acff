import type { Selectable } from 'kysely';
import type { BucketsTable, FilesTable } from './schema.js';

/** A bucket and its Nhost-style settings. */
export interface Bucket {
  id: string;
  /** The smallest file accepted, in bytes. */
  minUploadFileSize: number;
  /** The largest file accepted, in bytes; 0 leaves only the server's `sizeLimit`. */
  maxUploadFileSize: number;
  /** Whether `GET /files/{id}/presignedurl` answers for files of this bucket. */
  presignedUrlsEnabled: boolean;
  /** Seconds a presigned URL stays valid. */
  downloadExpiration: number;
  /** The `Cache-Control` sent with downloads. */
  cacheControl: string | null;
  /** MIME types (or `type/*` patterns) accepted; null accepts any. */
  allowedMimeTypes: string[] | null;
  createdAt: string;
  updatedAt: string;
}

/** The settings of a bucket, as configured. */
export type BucketSettings = Omit<Bucket, 'createdAt' | 'updatedAt'>;

/** One file's record. */
export interface FileRecord {
  id: string;
  bucketId: string;
  name: string;
  size: number;
  mimeType: string;
  /** Quoted, as sent in `ETag`. */
  etag: string;
  /** Where the bytes live in the provider. */
  storageKey: string;
  /**
   * Which backend holds the bytes: the id of the bucket whose own provider (`buckets.<id>.provider`)
   * stored them, or null for the server-wide provider.
   */
  backend: string | null;
  /** False between the two phases of an upload. */
  isUploaded: boolean;
  uploadedByUserId: string | null;
  metadata: Record<string, unknown> | null;
  createdAt: string;
  updatedAt: string;
  /** Bumped on every write. */
  version: number;
}

export function toBucket(row: Selectable<BucketsTable>): Bucket {
  return {
    id: row.id,
    minUploadFileSize: Number(row.min_upload_file_size),
    maxUploadFileSize: Number(row.max_upload_file_size),
    presignedUrlsEnabled: Number(row.presigned_urls_enabled) === 1,
    downloadExpiration: Number(row.download_expiration),
    cacheControl: row.cache_control,
    allowedMimeTypes: row.allowed_mime_types === null ? null : (JSON.parse(row.allowed_mime_types) as string[]),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toFileRecord(row: Selectable<FilesTable>): FileRecord {
  return {
    id: row.id,
    bucketId: row.bucket_id,
    name: row.name,
    size: Number(row.size),
    mimeType: row.mime_type,
    etag: row.etag,
    storageKey: row.storage_key,
    backend: row.backend ?? null,
    isUploaded: Number(row.is_uploaded) === 1,
    uploadedByUserId: row.uploaded_by_user_id,
    metadata: row.metadata === null ? null : (JSON.parse(row.metadata) as Record<string, unknown>),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
  };
}

/** Now, as the ISO-8601 UTC text the tables hold. */
export function now(): string {
  return new Date().toISOString();
}

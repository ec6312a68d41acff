import type { ColumnType, Generated } from 'kysely';

/**
 * The shared tables (route families add their own, e.g. families/strapi/store/tables.ts), the same on
 * SQLite and PostgreSQL. Portable column types only: flags are 0/1 integers,
 * timestamps ISO-8601 UTC text (which sorts chronologically), JSON as text, so one migration serves both.
 */
export interface Database {
  stowage_buckets: BucketsTable;
  stowage_files: FilesTable;
  stowage_image_variants: ImageVariantsTable;
}

/**
 * Transformed images kept for reuse (images/variant-store.ts): each row is one variant's bytes, stored
 * on the original's backend under a key derived from the original's.
 */
export interface ImageVariantsTable {
  /** The variant's own key; its bytes are in use while the row exists. */
  storage_key: string;
  /** The original's storage key: a new content write gets a new key, so old variants are never reused. */
  source_key: string;
  backend: string | null;
  /** The transform's canonical parameters with the resolved format (`w=800&f=webp`). */
  params: string;
  size: number | string;
  mime_type: string;
  /** Quoted, as sent in `ETag`. */
  etag: string;
  created_at: string;
}

export interface BucketsTable {
  id: string;
  min_upload_file_size: number;
  /** 0 means no limit beyond the server's `sizeLimit`. */
  max_upload_file_size: number;
  presigned_urls_enabled: number;
  /** Seconds a presigned URL stays valid. */
  download_expiration: number;
  cache_control: string | null;
  /** A JSON array of MIME patterns (`image/*`), or null for any. */
  allowed_mime_types: string | null;
  created_at: string;
  updated_at: string;
}

export interface FilesTable {
  id: string;
  bucket_id: string;
  name: string;
  /** `bigint` in PostgreSQL, which the driver returns as a string. */
  size: ColumnType<number | string, number, number>;
  mime_type: string;
  /** The entity tag, quoted as in HTTP. */
  etag: string;
  /** Where the bytes live in the provider; a new key on every content replacement. */
  storage_key: string;
  /** The bucket whose own provider holds the bytes; null for the server-wide provider. */
  backend: string | null;
  is_uploaded: number;
  uploaded_by_user_id: string | null;
  /** User metadata, JSON. */
  metadata: string | null;
  created_at: string;
  updated_at: string;
  /** Bumped on every write, for optimistic concurrency between instances. */
  version: Generated<number>;
}

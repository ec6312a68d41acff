import type { Kysely, Migration } from 'kysely';
import type { MigrationOutcome } from './migrate.js';
import type { Bucket, BucketSettings, FileRecord } from './records.js';
import type { Database } from './schema.js';

/** What a new, not yet uploaded file record holds. */
export interface NewFile {
  id: string;
  bucketId: string;
  name: string;
  mimeType: string;
  storageKey: string;
  /**
   * The backend the bytes go to (see `FileRecord.backend`).
   * @default null (the server-wide provider)
   */
  backend?: string | null;
  uploadedByUserId: string | null;
  metadata: Record<string, unknown> | null;
}

/** Fields a write may change. */
export type FilePatch = Partial<Pick<FileRecord, 'name' | 'size' | 'mimeType' | 'etag' | 'storageKey' | 'backend' | 'isUploaded' | 'metadata'>>;

/** A filter for listing records page by page, in id order. */
export interface ListFilesOptions {
  isUploaded?: boolean;
  /** Only records created before this ISO timestamp. */
  createdBefore?: string;
  /** The last id of the previous page. */
  afterId?: string;
  /** @default 500 */
  limit?: number;
}

/**
 * Where file records and buckets live, on SQLite or PostgreSQL (one schema, one set of migrations);
 * several server instances may share one PostgreSQL store. Route families keep their own tables beside
 * these, through {@link FileStore.db}.
 */
export interface FileStore {
  /** `sqlite` or `postgres`. */
  readonly dialect: 'sqlite' | 'postgres';
  /** The shared database, over which route families build their own stores (their tables beside these). */
  readonly db: Kysely<Database>;
  /**
   * Brings the schema up to date: the shared tables' migrations and the route families' `migrations`;
   * safe to run from several instances at once.
   */
  migrate(migrations?: Readonly<Record<string, Migration>>): Promise<MigrationOutcome>;
  /** Creates the bucket or updates its settings. */
  upsertBucket(settings: BucketSettings): Promise<Bucket>;
  getBucket(id: string): Promise<Bucket | undefined>;
  listBuckets(): Promise<Bucket[]>;
  /**
   * Phase one of an upload: a record with `isUploaded=false`.
   * @throws `ALREADY_EXISTS` when the id is taken; `NOT_FOUND` when the bucket does not exist.
   */
  insertFile(file: NewFile): Promise<FileRecord>;
  getFile(id: string): Promise<FileRecord | undefined>;
  /**
   * Changes a record. With `expectedVersion`, only when nobody changed it since (compare-and-set);
   * resolves `undefined` when the record is gone or was changed.
   */
  updateFile(id: string, patch: FilePatch, expectedVersion?: number): Promise<FileRecord | undefined>;
  /** Deletes a record; with `expectedVersion`, only that version. Resolves whether a row went. */
  deleteFile(id: string, expectedVersion?: number): Promise<boolean>;
  /** One page of records in id order. */
  listFiles(options?: ListFilesOptions): Promise<FileRecord[]>;
  /** Which of `keys` some record (or a kept image variant) points at; with `backend`, only those on that backend count. */
  storageKeysInUse(keys: readonly string[], backend?: string | null): Promise<Set<string>>;
  /** A round trip to the database, for health checks. */
  ping(): Promise<void>;
  /** Closes the connection or pool. */
  close(): Promise<void>;
}

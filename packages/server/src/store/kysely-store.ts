import { StowageError } from '@stowage/core';
import { sql, type Kysely, type Migration, type Updateable } from 'kysely';
import type { FilePatch, FileStore, ListFilesOptions, NewFile } from './file-store.js';
import { migrateDatabase, type MigrationOutcome } from './migrate.js';
import { now, toBucket, toFileRecord, type Bucket, type BucketSettings, type FileRecord } from './records.js';
import type { Database, FilesTable } from './schema.js';

/** The one {@link FileStore} implementation; the dialect only changes how it connects. */
export class KyselyStore implements FileStore {
  readonly dialect: 'sqlite' | 'postgres';
  /** The shared database (route families' stores are built over it). */
  readonly db: Kysely<Database>;

  constructor(db: Kysely<Database>, dialect: 'sqlite' | 'postgres') {
    this.db = db;
    this.dialect = dialect;
  }

  migrate(migrations: Readonly<Record<string, Migration>> = {}): Promise<MigrationOutcome> {
    return migrateDatabase(this.db, migrations);
  }

  async upsertBucket(settings: BucketSettings): Promise<Bucket> {
    const at = now();
    const values = {
      min_upload_file_size: settings.minUploadFileSize,
      max_upload_file_size: settings.maxUploadFileSize,
      presigned_urls_enabled: settings.presignedUrlsEnabled ? 1 : 0,
      download_expiration: settings.downloadExpiration,
      cache_control: settings.cacheControl,
      allowed_mime_types: settings.allowedMimeTypes === null ? null : JSON.stringify(settings.allowedMimeTypes),
      updated_at: at,
    };
    await this.db
      .insertInto('stowage_buckets')
      .values({ id: settings.id, created_at: at, ...values })
      .onConflict((oc) => oc.column('id').doUpdateSet(values))
      .execute();
    const bucket = await this.getBucket(settings.id);
    if (bucket === undefined) throw new StowageError('UNAVAILABLE', `Bucket "${settings.id}" vanished right after it was written`);
    return bucket;
  }

  async getBucket(id: string): Promise<Bucket | undefined> {
    const row = await this.db.selectFrom('stowage_buckets').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toBucket(row);
  }

  async listBuckets(): Promise<Bucket[]> {
    const rows = await this.db.selectFrom('stowage_buckets').selectAll().orderBy('id').execute();
    return rows.map(toBucket);
  }

  async insertFile(file: NewFile): Promise<FileRecord> {
    const at = now();
    // One statement: the foreign key checks the bucket, RETURNING gives the record.
    try {
      const row = await this.db
        .insertInto('stowage_files')
        .values({
          id: file.id,
          bucket_id: file.bucketId,
          name: file.name,
          size: 0,
          mime_type: file.mimeType,
          etag: '',
          storage_key: file.storageKey,
          // The column's default (null) otherwise: an insert works on a schema that predates it.
          ...(file.backend == null ? {} : { backend: file.backend }),
          is_uploaded: 0,
          uploaded_by_user_id: file.uploadedByUserId,
          metadata: file.metadata === null ? null : JSON.stringify(file.metadata),
          created_at: at,
          updated_at: at,
          version: 1,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toFileRecord(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw new StowageError('ALREADY_EXISTS', `Invalid id: a file with id "${file.id}" already exists`, { cause: error });
      if (isForeignKeyViolation(error)) throw new StowageError('NOT_FOUND', `Invalid bucket-id: bucket "${file.bucketId}" does not exist`, { cause: error });
      throw error;
    }
  }

  async getFile(id: string): Promise<FileRecord | undefined> {
    const row = await this.db.selectFrom('stowage_files').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toFileRecord(row);
  }

  async updateFile(id: string, patch: FilePatch, expectedVersion?: number): Promise<FileRecord | undefined> {
    const set: Updateable<FilesTable> = { updated_at: now() };
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.size !== undefined) set.size = patch.size;
    if (patch.mimeType !== undefined) set.mime_type = patch.mimeType;
    if (patch.etag !== undefined) set.etag = patch.etag;
    if (patch.storageKey !== undefined) set.storage_key = patch.storageKey;
    if (patch.backend !== undefined) set.backend = patch.backend;
    if (patch.isUploaded !== undefined) set.is_uploaded = patch.isUploaded ? 1 : 0;
    if (patch.metadata !== undefined) set.metadata = patch.metadata === null ? null : JSON.stringify(patch.metadata);
    let query = this.db
      .updateTable('stowage_files')
      .set((eb) => ({ ...set, version: eb('version', '+', 1) }))
      .where('id', '=', id);
    if (expectedVersion !== undefined) query = query.where('version', '=', expectedVersion);
    const row = await query.returningAll().executeTakeFirst();
    return row === undefined ? undefined : toFileRecord(row);
  }

  async deleteFile(id: string, expectedVersion?: number): Promise<boolean> {
    let query = this.db.deleteFrom('stowage_files').where('id', '=', id);
    if (expectedVersion !== undefined) query = query.where('version', '=', expectedVersion);
    const result = await query.executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async listFiles(options: ListFilesOptions = {}): Promise<FileRecord[]> {
    let query = this.db.selectFrom('stowage_files').selectAll().orderBy('id').limit(options.limit ?? 500);
    if (options.isUploaded !== undefined) query = query.where('is_uploaded', '=', options.isUploaded ? 1 : 0);
    if (options.createdBefore !== undefined) query = query.where('created_at', '<', options.createdBefore);
    if (options.afterId !== undefined) query = query.where('id', '>', options.afterId);
    return (await query.execute()).map(toFileRecord);
  }

  async storageKeysInUse(keys: readonly string[], backend?: string | null): Promise<Set<string>> {
    const found = new Set<string>();
    // Chunks keep each statement under SQLite's bound-parameter limit.
    for (let i = 0; i < keys.length; i += 500) {
      const chunk = keys.slice(i, i + 500);
      let query = this.db.selectFrom('stowage_files').select('storage_key').where('storage_key', 'in', chunk);
      if (backend !== undefined) query = backend === null ? query.where('backend', 'is', null) : query.where('backend', '=', backend);
      const rows = await query.execute();
      for (const row of rows) found.add(row.storage_key);
      // A kept image variant's bytes are in use too, though no file record names them.
      let variants = this.db.selectFrom('stowage_image_variants').select('storage_key').where('storage_key', 'in', chunk);
      if (backend !== undefined) variants = backend === null ? variants.where('backend', 'is', null) : variants.where('backend', '=', backend);
      for (const row of await variants.execute()) found.add(row.storage_key);
    }
    return found;
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

function isForeignKeyViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

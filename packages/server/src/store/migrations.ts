import { PostgresAdapter, type Kysely, type Migration, type MigrationProvider } from 'kysely';

/**
 * Every schema change, in order. The same builder calls run on SQLite and PostgreSQL; never edit a
 * released migration, add a new one.
 */
export const migrations: Record<string, Migration> = {
  '0001_files_and_buckets': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('stowage_buckets')
        .addColumn('id', 'varchar(255)', (c) => c.primaryKey())
        .addColumn('min_upload_file_size', 'bigint', (c) => c.notNull().defaultTo(1))
        .addColumn('max_upload_file_size', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('presigned_urls_enabled', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('download_expiration', 'integer', (c) => c.notNull().defaultTo(30))
        .addColumn('cache_control', 'text')
        .addColumn('allowed_mime_types', 'text')
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('stowage_files')
        .addColumn('id', 'varchar(255)', (c) => c.primaryKey())
        .addColumn('bucket_id', 'varchar(255)', (c) => c.notNull().references('stowage_buckets.id').onUpdate('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('size', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('mime_type', 'text', (c) => c.notNull())
        .addColumn('etag', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('storage_key', 'text', (c) => c.notNull())
        .addColumn('is_uploaded', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('uploaded_by_user_id', 'varchar(255)')
        .addColumn('metadata', 'text')
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
      await db.schema.createIndex('stowage_files_bucket_id').on('stowage_files').column('bucket_id').execute();
      await db.schema.createIndex('stowage_files_storage_key').on('stowage_files').column('storage_key').unique().execute();
      await db.schema.createIndex('stowage_files_not_uploaded').on('stowage_files').columns(['is_uploaded', 'created_at']).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('stowage_files').execute();
      await db.schema.dropTable('stowage_buckets').execute();
    },
  },
  '0002_strapi': {
    async up(db: Kysely<unknown>) {
      // Strapi's ids are numbers: an auto-increment column, spelled per dialect.
      const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
      await db.schema
        .createTable('stowage_strapi_files')
        .addColumn('id', postgres ? 'serial' : 'integer', (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('file_id', 'varchar(255)', (c) => c.notNull().unique().references('stowage_files.id').onDelete('cascade'))
        .addColumn('document_id', 'varchar(64)', (c) => c.notNull().unique())
        .addColumn('alternative_text', 'text')
        .addColumn('caption', 'text')
        .addColumn('width', 'integer')
        .addColumn('height', 'integer')
        .addColumn('formats', 'text')
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('ext', 'varchar(64)', (c) => c.notNull())
        .addColumn('folder_path', 'text', (c) => c.notNull().defaultTo('/'))
        .addColumn('provider_metadata', 'text')
        .execute();
      await db.schema
        .createTable('stowage_strapi_links')
        .addColumn('strapi_file_id', 'integer', (c) => c.notNull().references('stowage_strapi_files.id').onDelete('cascade'))
        .addColumn('ref', 'varchar(255)', (c) => c.notNull())
        .addColumn('ref_id', 'varchar(255)', (c) => c.notNull())
        .addColumn('field', 'varchar(255)', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addPrimaryKeyConstraint('stowage_strapi_links_pk', ['strapi_file_id', 'ref', 'ref_id', 'field'])
        .execute();
      await db.schema.createIndex('stowage_strapi_links_target').on('stowage_strapi_links').columns(['ref', 'ref_id', 'field']).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('stowage_strapi_links').execute();
      await db.schema.dropTable('stowage_strapi_files').execute();
    },
  },
};

/** Kysely's migration provider over {@link migrations}: no files on disk, so it works from a bundle. */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};

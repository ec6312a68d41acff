import type { Kysely, Migration } from 'kysely';

/**
 * The shared tables' schema changes (buckets and files), in order; route families bring their own (see
 * families/family.ts). The same builder calls run on SQLite and PostgreSQL; never edit a released
 * migration, add a new one.
 */
export const coreMigrations: Readonly<Record<string, Migration>> = {
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
  // Buckets may have providers of their own; existing records stay on the server-wide provider (null).
  '0003_files_backend': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('stowage_files').addColumn('backend', 'varchar(255)').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('stowage_files').dropColumn('backend').execute();
    },
  },
  // Transformed images are reused across requests and instances (images/variant-store.ts).
  '0006_image_variants': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('stowage_image_variants')
        .addColumn('storage_key', 'varchar(512)', (c) => c.primaryKey())
        .addColumn('source_key', 'varchar(512)', (c) => c.notNull())
        .addColumn('backend', 'varchar(255)')
        .addColumn('params', 'varchar(255)', (c) => c.notNull())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('mime_type', 'varchar(255)', (c) => c.notNull())
        .addColumn('etag', 'varchar(255)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('stowage_image_variants_source_key').on('stowage_image_variants').column('source_key').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('stowage_image_variants').execute();
    },
  },
};

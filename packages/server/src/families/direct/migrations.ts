import type { Kysely, Migration } from 'kysely';

/** The direct family's schema changes; never edit a released one. */
export const directMigrations: Readonly<Record<string, Migration>> = {
  '0004_direct_uploads': {
    async up(db: Kysely<unknown>) {
      // One row per declared, not yet completed direct upload; it goes with its file record.
      await db.schema
        .createTable('stowage_direct_uploads')
        .addColumn('file_id', 'varchar(255)', (c) => c.primaryKey().references('stowage_files.id').onDelete('cascade'))
        .addColumn('storage_key', 'text', (c) => c.notNull().unique())
        .addColumn('declared_size', 'bigint', (c) => c.notNull())
        .addColumn('declared_mime_type', 'varchar(255)', (c) => c.notNull())
        .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('stowage_direct_uploads').execute();
    },
  },
};

import { PostgresAdapter, type Kysely, type Migration } from 'kysely';

/**
 * The Strapi family's schema changes. The name `0002_strapi` is the one databases recorded before the
 * family had its own folder: keep it, and never edit a released migration.
 */
export const strapiMigrations: Readonly<Record<string, Migration>> = {
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

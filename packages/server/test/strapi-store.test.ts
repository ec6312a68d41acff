import { sqliteDriver } from '../src/store/sqlite-driver.js';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createStore } from '../src/store/create-store.js';
import type { FileStore } from '../src/store/file-store.js';
import { strapiMigrations } from '../src/families/strapi/store/migrations.js';
import { StrapiStore } from '../src/families/strapi/store/strapi-store.js';
import { KyselyStore } from '../src/store/kysely-store.js';
import { coreMigrations } from '../src/store/migrations.js';
import type { Database } from '../src/store/schema.js';
import { DIALECTS } from './helpers/databases.js';

const BUCKET = { id: 'default', minUploadFileSize: 1, maxUploadFileSize: 0, presignedUrlsEnabled: true, downloadExpiration: 30, cacheControl: null, allowedMimeTypes: null };
const STRAPI = { alternativeText: null, caption: null, width: null, height: null, formats: null, ext: '.txt', folderPath: '/', providerMetadata: null };

describe.each(DIALECTS)('Strapi tables (migration 0002_strapi) on $name', ({ fresh }) => {
  const open: FileStore[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });

  async function fileWithStrapiRow(s: FileStore, id: string): Promise<number> {
    const strapi = new StrapiStore(s.db);
    await s.insertFile({ id, bucketId: 'default', name: `${id}.txt`, mimeType: 'text/plain', storageKey: `default/${id}`, uploadedByUserId: null, metadata: null });
    await s.updateFile(id, { isUploaded: true });
    return strapi.insert({ ...STRAPI, fileId: id, documentId: `doc-${id}`, hash: id });
  }

  it('upgrades a database made by 0001 alone, keeping its files', async () => {
    const config = await fresh();
    const db =
      config.client === 'sqlite'
        ? new Kysely<Database>({ dialect: new SqliteDialect({ database: new (sqliteDriver())(':memory:') }) })
        : new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: config.connectionString }) }) });
    const migrator = new Migrator({ db, provider: { getMigrations: async () => coreMigrations }, migrationTableName: 'stowage_migrations', migrationLockTableName: 'stowage_migrations_lock' });
    expect((await migrator.migrateTo('0001_files_and_buckets')).error).toBeUndefined();
    const store = new KyselyStore(db, config.client);
    open.push(store);
    await store.upsertBucket(BUCKET);
    await store.insertFile({ id: 'old', bucketId: 'default', name: 'old.txt', mimeType: 'text/plain', storageKey: 'default/old', uploadedByUserId: null, metadata: null });
    await store.migrate(strapiMigrations);
    expect((await store.getFile('old'))?.name).toBe('old.txt');
    const sid = await fileWithStrapiRow(store, 'new');
    expect(sid).toBeGreaterThan(0);
  });

  it('keeps one file per single field, all of a multiple one, and drops links and rows with their file', async () => {
    const s = createStore(await fresh());
    open.push(s);
    await s.migrate(strapiMigrations);
    await s.upsertBucket(BUCKET);
    const strapi = new StrapiStore(s.db);
    const [a, b, c] = [await fileWithStrapiRow(s, 'a'), await fileWithStrapiRow(s, 'b'), await fileWithStrapiRow(s, 'c')];
    expect([a, b, c]).toEqual([a, a + 1, a + 2]);
    const avatar = { ref: 'user', refId: '1', field: 'avatar' };
    await strapi.link(a, avatar, true);
    await strapi.link(b, avatar, true);
    const gallery = { ref: 'post', refId: '9', field: 'gallery' };
    await strapi.link(a, gallery, false);
    await strapi.link(c, gallery, false);
    await strapi.link(a, gallery, false);
    const ids = async (related: object) => (await strapi.find({ where: { related } })).map((f) => f.id);
    expect(await ids(avatar)).toEqual([b]);
    expect(await ids(gallery)).toEqual([a, c]);
    expect((await strapi.linksOf([a])).get(a)).toEqual([gallery]);
    expect(await s.deleteFile('a')).toBe(true);
    expect(await strapi.get(a)).toBeUndefined();
    expect(await ids(gallery)).toEqual([c]);
  });
});

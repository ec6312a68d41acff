import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isStowageError } from '@stowage/core';
import type { Kysely, Migration } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, type DatabaseConfig } from '../src/store/create-store.js';
import { freshPostgres } from './helpers/databases.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stowage-family-migrations-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A family migration making one table. */
const table = (name: string): Migration => ({
  async up(db: Kysely<unknown>) {
    await db.schema.createTable(name).addColumn('id', 'integer', (c) => c.primaryKey()).execute();
  },
});

// One database opened several times, as restarts with other families would.
const DATABASES: { name: string; open: () => Promise<DatabaseConfig> }[] = [
  { name: 'sqlite', open: async () => ({ client: 'sqlite', filename: join(dir, `${Math.random().toString(36).slice(2)}.db`) }) },
  { name: 'postgres', open: freshPostgres },
];

describe.each(DATABASES)('route families’ migrations on $name', ({ open }) => {
  async function migrateWith(config: DatabaseConfig, migrations: Record<string, Migration>) {
    const store = createStore(config);
    try {
      const outcome = await store.migrate(migrations);
      const tables = (await store.db.introspection.getTables()).map((t) => t.name);
      return { ...outcome, tables };
    } finally {
      await store.close();
    }
  }

  it('keeps a family’s recorded migrations dormant while it is left out, and its table with them', async () => {
    const config = await open();
    const first = await migrateWith(config, { '0003_extra': table('extra_rows') });
    expect(first.applied).toEqual(['0001_files_and_buckets', '0003_extra', '0003_files_backend', '0006_image_variants']);
    const without = await migrateWith(config, {});
    expect(without).toMatchObject({ applied: [], dormant: ['0003_extra'] });
    expect(without.tables).toContain('extra_rows');
    expect(await migrateWith(config, { '0003_extra': table('extra_rows') })).toMatchObject({ applied: [], dormant: [] });
  });

  it('runs a family’s migrations when it joins later, even if their names sort before ones already run', async () => {
    const config = await open();
    await migrateWith(config, { '0005_late': table('late_rows') });
    const joined = await migrateWith(config, { '0005_late': table('late_rows'), '0004_early': table('early_rows') });
    expect(joined.applied).toEqual(['0004_early']);
    expect(joined.tables).toEqual(expect.arrayContaining(['early_rows', 'late_rows']));
  });

  it('refuses a family migration named as a core one', async () => {
    const store = createStore(await open());
    try {
      const error = await store.migrate({ '0001_files_and_buckets': table('nope') }).catch((e: unknown) => e);
      expect(isStowageError(error, 'INVALID_OPTIONS')).toBe(true);
    } finally {
      await store.close();
    }
  });
});

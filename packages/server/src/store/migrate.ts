import { StowageError } from '@stowage/core';
import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import { coreMigrations } from './migrations.js';

/** The migrations table every server instance shares (one for the core store and every family). */
export const MIGRATION_TABLE = 'stowage_migrations';
const LOCK_TABLE = 'stowage_migrations_lock';

/** What {@link migrateDatabase} did. */
export interface MigrationOutcome {
  /** Migrations run now. */
  applied: string[];
  /**
   * Migrations the database recorded that none of the given ones is: a route family that is not
   * configured now (Strapi's `0002_strapi` on a server without it). Their tables stay as they are.
   */
  dormant: string[];
}

/**
 * Brings the database up to date with the core migrations and `families`' (one migrator, one table:
 * a family's names are global). Pending migrations run in name order, whatever was run before them:
 * a family configured later runs its migrations then. A migration recorded but not given (a family
 * left out) is kept as a no-op placeholder, so Kysely's check for missing migrations passes and the
 * family's tables survive until it is configured again; nothing is ever rolled back here.
 * @throws `INVALID_OPTIONS` when a family's migration has a core migration's name; `UNAVAILABLE`
 *   (not retryable) when a migration fails.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any database: the migrations bring their own tables
export async function migrateDatabase(db: Kysely<any>, families: Readonly<Record<string, Migration>> = {}): Promise<MigrationOutcome> {
  const clash = Object.keys(families).find((name) => name in coreMigrations);
  if (clash !== undefined) throw new StowageError('INVALID_OPTIONS', `Invalid migrations: "${clash}" is a core migration's name`);
  const known: Record<string, Migration> = { ...coreMigrations, ...families };
  const dormant = (await recordedMigrations(db)).filter((name) => !(name in known));
  // Recorded long ago: `up` never runs again, and nothing here migrates down.
  for (const name of dormant) known[name] = { up: async () => undefined };
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => known },
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: LOCK_TABLE,
    allowUnorderedMigrations: true,
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new StowageError('UNAVAILABLE', `Database migration "${failed}" failed: ${(error as Error).message ?? String(error)}`, { cause: error, retryable: false });
  }
  return { applied: results.filter((r) => r.status === 'Success').map((r) => r.migrationName), dormant };
}

/** The names in the migrations table; none before the first migration made it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function recordedMigrations(db: Kysely<any>): Promise<string[]> {
  const tables = await db.introspection.getTables();
  if (!tables.some((t) => t.name === MIGRATION_TABLE)) return [];
  const { rows } = await sql<{ name: string }>`select name from ${sql.table(MIGRATION_TABLE)}`.execute(db);
  return rows.map((r) => r.name);
}

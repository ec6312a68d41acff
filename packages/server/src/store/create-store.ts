import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type { FileStore } from './file-store.js';
import { KyselyStore } from './kysely-store.js';
import { sqliteDriver } from './sqlite-driver.js';
import { withStatementCache } from './statement-cache.js';
import type { Database } from './schema.js';

/** Where file records live: a SQLite file (the embedded default) or a PostgreSQL database. */
export type DatabaseConfig =
  | {
      client: 'sqlite';
      /** The database file, relative to the working directory; `:memory:` for a throw-away one. */
      filename: string;
    }
  | {
      client: 'postgres';
      /** `postgres://user:password@host:port/database`. */
      connectionString: string;
      /**
       * Connections in the pool.
       * @default 10
       */
      poolSize?: number;
    };

/** Opens a store (without migrating it: call `migrate()`). */
export function createStore(config: DatabaseConfig): FileStore {
  if (config.client === 'sqlite') {
    if (config.filename !== ':memory:') mkdirSync(dirname(resolve(config.filename)), { recursive: true });
    const SqliteDatabase = sqliteDriver();
    const database = new SqliteDatabase(config.filename);
    // WAL lets reads run beside the one writer; busy_timeout waits out a concurrent write instead of failing.
    database.pragma('journal_mode = WAL');
    database.pragma('busy_timeout = 5000');
    database.pragma('foreign_keys = ON');
    return new KyselyStore(new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) }), 'sqlite');
  }
  const { connectionString, poolSize = 10 } = config;
  // pg loads only for PostgreSQL: a SQLite server does not pay its resident memory.
  const pool = async () => {
    const { default: pg } = await import('pg');
    const created = new pg.Pool({ connectionString, max: poolSize });
    // An idle client losing its connection must not crash the process; the pool replaces it.
    created.on('error', () => undefined);
    return created;
  };
  return new KyselyStore(new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), 'postgres');
}

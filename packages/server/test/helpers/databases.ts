import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import type { DatabaseConfig } from '../../src/store/create-store.js';

/** A new, empty PostgreSQL database in the run's cluster. */
export async function freshPostgres(): Promise<DatabaseConfig & { client: 'postgres' }> {
  const admin = inject('postgresUrl');
  const name = `stowage_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { client: 'postgres', connectionString: url.toString() };
}

/** A throw-away in-memory SQLite database. */
export function freshSqlite(): DatabaseConfig & { client: 'sqlite' } {
  return { client: 'sqlite', filename: ':memory:' };
}

/** Both dialects, for `describe.each`. */
export const DIALECTS = [
  { name: 'sqlite', fresh: async (): Promise<DatabaseConfig> => freshSqlite() },
  { name: 'postgres', fresh: freshPostgres as () => Promise<DatabaseConfig> },
] as const;

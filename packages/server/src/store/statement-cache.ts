import type { Database as BetterSqliteDatabase, Statement } from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/**
 * Statements kept prepared, by SQL text. Kysely's SQLite driver prepares every query anew; for small
 * uploads that is a fifth of the work of a file record, while the server runs the same few statements.
 * @default 200
 */
const CACHE_SIZE = 200;

/**
 * The better-sqlite3 database as kysely sees it, with prepared statements reused (least recently used
 * ones dropped past {@link CACHE_SIZE}). A statement still busy with a streaming read is never handed out
 * twice: a second caller gets a fresh one.
 */
export function withStatementCache(database: BetterSqliteDatabase, size = CACHE_SIZE): SqliteDatabase {
  const cache = new Map<string, Statement>();
  return {
    close: () => {
      cache.clear();
      database.close();
    },
    prepare(sql: string) {
      const cached = cache.get(sql);
      if (cached !== undefined && !cached.busy) {
        // Re-inserting keeps the Map in least-recently-used order.
        cache.delete(sql);
        cache.set(sql, cached);
        return cached;
      }
      const statement = database.prepare(sql);
      if (cached === undefined) {
        cache.set(sql, statement);
        if (cache.size > size) cache.delete(cache.keys().next().value as string);
      }
      return statement;
    },
  };
}

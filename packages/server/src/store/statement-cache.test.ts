import type SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sqliteDriver } from './sqlite-driver.js';
import { withStatementCache } from './statement-cache.js';

interface Schema {
  items: { id: number; name: string };
}

describe('withStatementCache', () => {
  let database: SqliteDatabase.Database;
  afterEach(() => {
    if (database.open) database.close();
  });

  function open(size?: number) {
    database = new (sqliteDriver())(':memory:');
    database.exec('create table items (id integer primary key, name text not null)');
    const prepare = vi.spyOn(database, 'prepare');
    const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: withStatementCache(database, size) }) });
    return { db, prepare };
  }

  it('prepares a repeated query once and still binds each call its own parameters', async () => {
    const { db, prepare } = open();
    for (let id = 1; id <= 5; id++) await db.insertInto('items').values({ id, name: `item ${id}` }).execute();
    const names = [];
    for (let id = 1; id <= 5; id++) names.push((await db.selectFrom('items').select('name').where('id', '=', id).executeTakeFirst())?.name);
    expect(names).toEqual(['item 1', 'item 2', 'item 3', 'item 4', 'item 5']);
    expect(prepare).toHaveBeenCalledTimes(2);
  });

  it('hands out a fresh statement while the cached one is still streaming rows', () => {
    open();
    database.exec("insert into items values (1, 'a'), (2, 'b')");
    const wrapped = withStatementCache(database);
    const sql = 'select name from items order by id';
    const first = wrapped.prepare(sql) as unknown as SqliteDatabase.Statement;
    const rows = first.iterate();
    rows.next();
    const second = wrapped.prepare(sql) as unknown as SqliteDatabase.Statement;
    expect(second).not.toBe(first);
    expect(second.all()).toHaveLength(2);
    rows.return?.();
    expect(wrapped.prepare(sql)).toBe(first);
  });

  it('keeps at most `size` statements, dropping the least recently used', async () => {
    const { db, prepare } = open(2);
    const byName = (name: string) => db.selectFrom('items').select('id').where('name', '=', name);
    await byName('x').execute(); // A
    await db.selectFrom('items').select('name').execute(); // B
    await byName('y').execute(); // A again: cached, now most recent
    await db.selectFrom('items').select(['id', 'name']).execute(); // C evicts B
    await byName('z').execute(); // A: still cached
    await db.selectFrom('items').select('name').execute(); // B: prepared again
    expect(prepare).toHaveBeenCalledTimes(4);
  });

  it('closes the database', () => {
    const { db } = open();
    void db;
    const wrapped = withStatementCache(database);
    wrapped.close();
    expect(database.open).toBe(false);
  });
});

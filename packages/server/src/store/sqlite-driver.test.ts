import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { SQLITE_DRIVERS, sqliteDriver, sqliteDriverFor } from './sqlite-driver.js';

const require = createRequire(import.meta.url);

describe('the SQLite driver', () => {
  it('is better-sqlite3 12 on Node 20 and the Node-API line (13) from Node 22 on', () => {
    expect(sqliteDriverFor('20.20.2')).toBe(SQLITE_DRIVERS.legacy);
    expect(sqliteDriverFor('22.0.0')).toBe(SQLITE_DRIVERS.nodeApi);
    expect(sqliteDriverFor('24.21.0')).toBe(SQLITE_DRIVERS.nodeApi);
    expect(sqliteDriverFor('26.1.0')).toBe(SQLITE_DRIVERS.nodeApi);
  });

  it('loads the line made for the running Node, which opens a database', () => {
    const name = sqliteDriverFor(process.versions.node);
    const { version } = require(`${name}/package.json`) as { version: string };
    expect(Number(version.split('.')[0])).toBe(name === SQLITE_DRIVERS.nodeApi ? 13 : 12);
    const database = new (sqliteDriver())(':memory:');
    expect(database.prepare('select 1 + 1 as two').get()).toEqual({ two: 2 });
    database.close();
  });

  it('survives statements collected outside a JavaScript context (Node 24.19+ aborts 12.x there)', async () => {
    const database = new (sqliteDriver())(':memory:');
    database.exec('create table t (n integer)');
    for (let i = 0; i < 5000; i += 1) database.prepare('insert into t values (?)').run(i);
    // Idle-time garbage collection runs the statements' destructors from a platform task.
    await new Promise((done) => setTimeout(done, 200));
    expect(database.prepare('select count(*) as n from t').get()).toEqual({ n: 5000 });
    database.close();
  });
});

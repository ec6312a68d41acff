import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { StowageError } from '@stowage/core';

/**
 * The better-sqlite3 line for each Node. 12.x subclasses Node's raw `node::ObjectWrap`, whose destructor
 * on Node 24.19+ aborts the process when a statement is garbage-collected outside a JavaScript context
 * (nodejs/node#65446): a server would die at a random moment after a write. 13.x is built on Node-API
 * and is safe there, but requires Node 22 (on Node 20 it crashes on load). So the server depends on
 * both and loads the one made for the running Node.
 */
export const SQLITE_DRIVERS = {
  /** better-sqlite3 13, installed under an alias. */
  nodeApi: 'better-sqlite3-napi',
  /** better-sqlite3 12, the last line that supports Node 20. */
  legacy: 'better-sqlite3',
} as const;

/** The driver package for a Node version (`process.versions.node`). */
export function sqliteDriverFor(nodeVersion: string): string {
  const major = Number(nodeVersion.split('.')[0]);
  return major >= 22 ? SQLITE_DRIVERS.nodeApi : SQLITE_DRIVERS.legacy;
}

let loaded: typeof BetterSqlite3 | undefined;

/**
 * better-sqlite3's `Database` class for the running Node, loaded on first use.
 * @throws {StowageError} `INVALID_OPTIONS` when the package (or its native module) is missing.
 */
export function sqliteDriver(): typeof BetterSqlite3 {
  if (loaded !== undefined) return loaded;
  const name = sqliteDriverFor(process.versions.node);
  // The CommonJS build has __filename and no import.meta.url (tsup's shim would drag a file from outside
  // the package into the source maps).
  const require = createRequire(typeof __filename === 'string' ? __filename : import.meta.url);
  try {
    loaded = require(name) as typeof BetterSqlite3;
  } catch (cause) {
    const install = name === SQLITE_DRIVERS.nodeApi ? 'better-sqlite3-napi@npm:better-sqlite3@^13' : 'better-sqlite3@^12';
    throw new StowageError(
      'INVALID_OPTIONS',
      `database.client "sqlite" needs ${name} on Node ${process.versions.node}, and it could not be loaded ` +
        `(${(cause as Error).message.split('\n')[0]}). Install it: npm install ${install}`,
      { cause },
    );
  }
  return loaded;
}

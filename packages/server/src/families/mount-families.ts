import { StowageError } from '@stowage/core';
import type { Migration } from 'kysely';
import type { StowageContext } from '../context.js';
import type { FileStore } from '../store/file-store.js';
import type { AnyRouteFamily, MountedFamily } from './family.js';

/**
 * The migrations of `families`, merged.
 * @throws `INVALID_OPTIONS` for two families of one name, or two migrations of one name.
 */
export function familyMigrations(families: readonly AnyRouteFamily[]): Record<string, Migration> {
  const names = new Set<string>();
  const migrations: Record<string, Migration> = {};
  for (const family of families) {
    if (names.has(family.name)) throw new StowageError('INVALID_OPTIONS', `Invalid families: "${family.name}" is given twice`);
    names.add(family.name);
    for (const [name, migration] of Object.entries(family.migrations ?? {})) {
      if (name in migrations) throw new StowageError('INVALID_OPTIONS', `Invalid families: the migration "${name}" of "${family.name}" has the name of another family's`);
      migrations[name] = migration;
    }
  }
  return migrations;
}

/**
 * Mounts each family over a migrated store: its store, its configuration sections (read from the
 * parsed configuration), its routes with its error shape, its hooks.
 */
export function mountFamilies(context: StowageContext, store: FileStore, families: readonly AnyRouteFamily[]): MountedFamily[] {
  const config = context.config as unknown as Record<string, unknown>;
  return families.map((family) => {
    const own = Object.fromEntries(Object.keys(family.config ?? {}).map((key) => [key, config[key]]));
    const familyStore: unknown = family.createStore?.(store.db);
    const mount = family.mount(context, { config: own, store: familyStore });
    return { family, store: familyStore, module: { name: family.name, routes: mount.routes, errorShape: family.errorShape }, hooks: mount.hooks ?? {}, close: mount.close ?? (async () => undefined) };
  });
}

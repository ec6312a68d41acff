import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';

/** Our own packages' scope and prefix, and the community prefix, by the naming convention. */
export const OFFICIAL_PREFIX = '@stowage/provider-upload-';
export const COMMUNITY_PREFIX = 'stowage-provider-upload-';

/**
 * The module specifiers the loader tries for a provider name, in order:
 * - a path (`./x`, `../x`, `/x`) is resolved against `cwd` and taken as given;
 * - a full package name (scoped, or containing `provider-upload-`) is taken as given;
 * - a short name `foo` tries `@stowage/provider-upload-foo`, then `stowage-provider-upload-foo`.
 */
export function providerCandidates(name: string, cwd: string = process.cwd()): string[] {
  if (name.startsWith('.') || isAbsolute(name)) return [resolve(cwd, name)];
  if (name.startsWith('@') || name.includes('provider-upload-')) return [name];
  return [`${OFFICIAL_PREFIX}${name}`, `${COMMUNITY_PREFIX}${name}`];
}

/** Where one candidate resolved. */
export interface ResolvedProvider {
  /** The specifier that resolved. */
  specifier: string;
  /** The entry file. */
  entry: string;
}

/**
 * Resolves the first candidate that exists, from `cwd`'s point of view (the app's node_modules).
 * Returns the specifiers tried when none does.
 */
export function resolveProvider(name: string, cwd: string = process.cwd()): ResolvedProvider | { tried: string[] } {
  const require = createRequire(join(cwd, '__stowage_loader__.js'));
  const tried = providerCandidates(name, cwd);
  for (const specifier of tried) {
    try {
      return { specifier, entry: require.resolve(specifier) };
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
  return { tried };
}

function isNotFound(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === 'MODULE_NOT_FOUND' || code === 'ERR_PACKAGE_PATH_NOT_EXPORTED' || code === 'ERR_MODULE_NOT_FOUND';
}

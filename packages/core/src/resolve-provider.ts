import { existsSync, readFileSync, realpathSync } from 'node:fs';
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
 * Packages resolve as an ESM `import` would (the `node`, `import` and `default` conditions of
 * `exports`), falling back to `require` resolution for packages that only offer CommonJS.
 * Returns the specifiers tried when none does.
 */
export function resolveProvider(name: string, cwd: string = process.cwd()): ResolvedProvider | { tried: string[] } {
  const require = createRequire(join(cwd, '__stowage_loader__.js'));
  const tried = providerCandidates(name, cwd);
  for (const specifier of tried) {
    const entry = isAbsolute(specifier) ? packageEntry(specifier) : importEntry(specifier, require.resolve.paths(specifier) ?? []);
    if (entry !== undefined) return { specifier, entry };
    try {
      return { specifier, entry: require.resolve(specifier) };
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
  return { tried };
}

// The conditions an ESM import in Node matches, in the package's own order of preference.
const IMPORT_CONDITIONS = new Set(['node', 'import', 'default']);

/** The file an `import` of the package would load, when its `exports` say; `undefined` to fall back. */
function importEntry(specifier: string, searchPaths: readonly string[]): string | undefined {
  for (const dir of searchPaths) {
    const packageDir = join(dir, specifier);
    // Node stops at the first node_modules that has the package; so do we.
    if (existsSync(join(packageDir, 'package.json'))) return packageEntry(packageDir);
  }
  return undefined;
}

/** For a package directory (found by name, or given as a path), the entry its `exports` name for `import`. */
function packageEntry(packageDir: string): string | undefined {
  const manifest = join(packageDir, 'package.json');
  if (!existsSync(manifest)) return undefined;
  let exportsField: unknown;
  try {
    exportsField = (JSON.parse(readFileSync(manifest, 'utf8')) as { exports?: unknown }).exports;
  } catch {
    return undefined;
  }
  const target = conditionalTarget(rootExport(exportsField));
  if (target === undefined || !target.startsWith('./')) return undefined;
  const file = resolve(packageDir, target);
  return existsSync(file) ? realpathSync(file) : undefined;
}

function rootExport(exportsField: unknown): unknown {
  if (typeof exportsField !== 'object' || exportsField === null || Array.isArray(exportsField)) return exportsField;
  const subpaths = Object.keys(exportsField).some((key) => key.startsWith('.'));
  return subpaths ? (exportsField as Record<string, unknown>)['.'] : exportsField;
}

function conditionalTarget(target: unknown): string | undefined {
  if (typeof target === 'string') return target;
  if (Array.isArray(target)) {
    for (const option of target) {
      const found = conditionalTarget(option);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (typeof target !== 'object' || target === null) return undefined;
  for (const [condition, value] of Object.entries(target)) {
    if (!IMPORT_CONDITIONS.has(condition)) continue;
    const found = conditionalTarget(value);
    if (found !== undefined) return found;
  }
  return undefined;
}

function isNotFound(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === 'MODULE_NOT_FOUND' || code === 'ERR_PACKAGE_PATH_NOT_EXPORTED' || code === 'ERR_MODULE_NOT_FOUND';
}

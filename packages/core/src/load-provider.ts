import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defineProvider, isProviderDefinition, type ProviderDefinition } from './define-provider.js';
import { StowageError } from './errors.js';
import { readManifest } from './manifest.js';
import type { Provider } from './provider.js';
import { resolveProvider } from './resolve-provider.js';

/** Options of {@link loadProvider}. */
export interface LoadProviderOptions {
  /** Where to resolve packages and relative paths from. @default process.cwd() */
  cwd?: string;
}

/**
 * Finds a provider package by name (see `providerCandidates` for the naming convention), checks its
 * default export and its `"stowage"` manifest, and returns its definition.
 * @throws `INVALID_OPTIONS` when nothing resolves (listing the names tried), the module fails to load,
 *   the package is not a provider, or its manifest disagrees with its definition.
 */
export async function loadProviderDefinition(name: string, options: LoadProviderOptions = {}): Promise<ProviderDefinition> {
  const resolved = resolveProvider(name, options.cwd);
  if ('tried' in resolved) {
    const tried = resolved.tried.map((t) => `"${t}"`).join(', ');
    // A path names a file to fix; a package name, the package to install (ours first, by the convention).
    const remedy = isAbsolute(resolved.tried[0] ?? '') ? 'Check the path.' : `Install it: npm install ${resolved.tried[0]}`;
    throw new StowageError('INVALID_OPTIONS', `Provider "${name}" not found; tried ${tried}. ${remedy}`);
  }
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(resolved.entry).href)) as Record<string, unknown>;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new StowageError('INVALID_OPTIONS', `Provider "${resolved.specifier}" failed to load: ${reason}`, { cause: error });
  }
  const exported = unwrapDefault(module);
  if (!isProviderDefinition(exported)) {
    throw new StowageError('INVALID_OPTIONS', `"${resolved.specifier}" is not a Stowage provider: its default export must come from defineProvider({ name, capabilities, init })`);
  }
  // Re-declared through this copy of core: a hand-made or foreign definition gets the same checks of its
  // name, its capabilities and every instance it creates.
  let definition: ProviderDefinition;
  try {
    definition = defineProvider(exported);
  } catch (error) {
    throw new StowageError('INVALID_OPTIONS', `"${resolved.specifier}": ${(error as Error).message}`, { cause: error });
  }
  const found = await readManifest(resolved.entry);
  const manifest = found?.manifest;
  if (manifest !== undefined) {
    if (manifest.provider !== definition.name) {
      throw new StowageError('INVALID_OPTIONS', `${found?.packageName}: package.json declares provider "${manifest.provider}" but the package defines "${definition.name}"`);
    }
    const declared = [...manifest.capabilities].sort().join(',');
    const defined = [...definition.capabilities].sort().join(',');
    if (declared !== defined) {
      throw new StowageError('INVALID_OPTIONS', `${found?.packageName}: package.json declares capabilities [${declared}] but the provider defines [${defined}]`);
    }
  }
  return definition;
}

/**
 * Loads a provider by name and creates an instance from `providerOptions` (auth config included).
 *
 * ```ts
 * const storage = await loadProvider('aws-s3', { bucket: 'uploads', region: 'eu-west-1' });
 * ```
 * @throws as {@link loadProviderDefinition}, and as the provider's `init` (`INVALID_OPTIONS`).
 */
export async function loadProvider(name: string, providerOptions: unknown, options: LoadProviderOptions = {}): Promise<Provider> {
  const definition = await loadProviderDefinition(name, options);
  return definition.init(providerOptions);
}

// An ESM default export arrives as `default`; a CJS build imported from ESM nests it once more.
function unwrapDefault(module: Record<string, unknown>): unknown {
  let value: unknown = module.default ?? module;
  if (!isProviderDefinition(value) && typeof value === 'object' && value !== null && 'default' in value) {
    value = (value as { default: unknown }).default;
  }
  return value;
}

import { loadProviderDefinition, type ProviderDefinition } from '@stowage/core';
import type { StrapiAdapterOptions } from '@stowage/strapi-providers';
import { CliError } from './io.js';

/** The kinds of provider the CLI can load. */
export type SourceKind = 'stowage' | 'strapi';

/** What the user pointed at: a kind and the specifier to load. */
export interface ProviderSource {
  kind: SourceKind;
  /** A short name (`local`), a full package name, or a path. */
  specifier: string;
}

/**
 * Splits a target into its kind and specifier: `strapi:<package>` (or any target with `strapi: true`, the
 * `--strapi` flag) is a Strapi upload provider; everything else is a Stowage provider.
 */
export function parseSource(target: string, options: { strapi?: boolean } = {}): ProviderSource {
  if (target.startsWith('strapi:')) return { kind: 'strapi', specifier: target.slice('strapi:'.length) };
  return { kind: options.strapi === true ? 'strapi' : 'stowage', specifier: target };
}

/** Loads a provider definition of one kind. */
export type SourceLoader = (specifier: string, cwd: string) => Promise<ProviderDefinition>;

/**
 * One loader per kind. Stowage providers load through core's `loadProviderDefinition` (naming convention,
 * full package name or path; manifest checked). Strapi providers load through `@stowage/strapi-providers`
 * (a dependency of this CLI, imported only for them): the options file then holds the adapter's options
 * (`providerOptions`, `actionOptions`, `baseUrl`…).
 */
export const LOADERS: Readonly<Record<SourceKind, SourceLoader | undefined>> = {
  stowage: (specifier, cwd) => loadProviderDefinition(specifier, { cwd }),
  strapi: async (specifier, cwd) => {
    const { createStrapiProvider, loadStrapiProvider } = await importStrapiProviders();
    // Resolve now, so that a missing package is a load failure (exit 2) rather than a failed run.
    loadStrapiProvider(specifier, cwd);
    return {
      name: `strapi-${specifier.replace(/^@strapi\/provider-upload-|^strapi-provider-upload-/, '').replace(/[^a-z0-9-]+/gi, '-').toLowerCase()}`,
      // Known only once the adapter has looked at the Strapi provider (private or public, signing or not).
      capabilities: [],
      init: (options) => createStrapiProvider({ ...((options ?? {}) as Omit<StrapiAdapterOptions, 'provider'>), provider: specifier, cwd }),
    };
  },
};

/**
 * The Strapi adapter. A dependency of this CLI, so that `stowage contract strapi:<name>` works wherever the
 * CLI is installed; imported lazily so that Stowage providers never load it.
 * @throws {@link CliError} when it is missing anyway (an install that left dependencies out).
 */
async function importStrapiProviders(): Promise<typeof import('@stowage/strapi-providers')> {
  try {
    return await import('@stowage/strapi-providers');
  } catch (error) {
    const code = (error as { code?: string }).code;
    if ((code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') || !String((error as Error).message).includes('@stowage/strapi-providers')) throw error;
    throw new CliError('Strapi upload providers run through @stowage/strapi-providers, which is not installed: install it beside @stowage/cli (npm i @stowage/strapi-providers)');
  }
}

/**
 * Loads the provider `source` names.
 * @throws {@link CliError} when the kind has no loader yet, or the provider cannot be found or loaded
 *   (with core's message: the names tried, the manifest mismatch…).
 */
export async function loadSource(source: ProviderSource, cwd: string, loaders = LOADERS): Promise<ProviderDefinition> {
  const loader = loaders[source.kind];
  if (loader === undefined) {
    throw new CliError(`${source.kind} providers ("${source.specifier}") cannot be loaded by this version of the CLI`);
  }
  if (source.specifier === '') throw new CliError('the provider to test is missing after "strapi:"');
  try {
    return await loader(source.specifier, cwd);
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
}

import { loadProviderDefinition, type ProviderDefinition } from '@stowage/core';
import { createStrapiProvider, loadStrapiProvider, type StrapiAdapterOptions } from '@stowage/core/strapi';
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
 * full package name or path; manifest checked). Strapi providers load through core's Strapi adapter: the
 * options file then holds the adapter's options (`providerOptions`, `actionOptions`, `baseUrl`…).
 */
export const LOADERS: Readonly<Record<SourceKind, SourceLoader | undefined>> = {
  stowage: (specifier, cwd) => loadProviderDefinition(specifier, { cwd }),
  strapi: async (specifier, cwd) => {
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
 * Loads the provider `source` names.
 * @throws {@link CliError} when the kind has no loader yet, or the provider cannot be found or loaded
 *   (with core's message: the names tried, the manifest mismatch…).
 */
export async function loadSource(source: ProviderSource, cwd: string, loaders = LOADERS): Promise<ProviderDefinition> {
  const loader = loaders[source.kind];
  if (loader === undefined) {
    throw new CliError(`Strapi-style providers ("${source.specifier}") need the Strapi adapter of @stowage/core, which this version does not have yet`);
  }
  if (source.specifier === '') throw new CliError('the provider to test is missing after "strapi:"');
  try {
    return await loader(source.specifier, cwd);
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
}

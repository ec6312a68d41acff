import { resolve } from 'node:path';
import { isProviderDefinition, isStowageError, loadProviderDefinition, StowageError, supports, type Provider, type ProviderDefinition } from '@stowage/core';
import localProvider from '@stowage/provider-upload-local';
import { createStrapiProvider, type StrapiAdapterOptions } from '@stowage/strapi-providers';
import type { StowageConfig } from '../config/schema.js';

// The CommonJS build receives provider-local's module object in place of its default export.
const LOCAL = ((localProvider as { default?: unknown }).default ?? localProvider) as ProviderDefinition;

/** A provider as the configuration names it: server-wide, or a bucket's own. */
export interface ProviderChoice {
  provider: StowageConfig['provider'];
  providerOptions?: unknown;
}

/**
 * The provider the configuration names, created from `providerOptions`. A name goes through core's
 * loader (the naming convention, from `cwd`); `local` falls back to the copy this package depends on,
 * so the embedded default works without installing anything. `strapi:<name>` loads a Strapi upload
 * provider (`@strapi/provider-upload-<name>`, `strapi-provider-upload-<name>`, or as given) through
 * `@stowage/strapi-providers`. An object may be a provider definition or a ready instance.
 * @param choice the server-wide `provider`/`providerOptions` (the default) or a bucket's.
 * @param at where `choice` sits in the configuration, for messages (`buckets.videos.`).
 * @throws `INVALID_OPTIONS` naming the setting, or the loader's `NOT_FOUND`.
 */
export async function createConfiguredProvider(config: StowageConfig, cwd: string, choice: ProviderChoice = config, at = ''): Promise<Provider> {
  const chosen = choice.provider;
  if (typeof chosen === 'object') {
    if (isProviderDefinition(chosen)) return (chosen as ProviderDefinition).init(choice.providerOptions ?? {});
    if (typeof (chosen as Provider).upload === 'function') return chosen as Provider;
    throw new StowageError('INVALID_OPTIONS', `Invalid ${at}provider: expected a provider name, a provider definition or a provider instance`);
  }
  // `strapi:<name>` (or `strapi:<package or path>`): a Strapi upload provider through @stowage/strapi-providers,
  // with `providerOptions` as Strapi's own.
  if (chosen.startsWith('strapi:')) {
    const name = chosen.slice('strapi:'.length);
    const providerOptions = (choice.providerOptions ?? {}) as Record<string, unknown>;
    try {
      return await createStrapiProvider({ provider: name, providerOptions, actionOptions: strapiActionOptions(config), cwd });
    } catch (error) {
      if (isStowageError(error)) throw new StowageError(error.code, error.message.startsWith('Invalid') ? error.message : `Invalid ${at}provider: ${error.message}`, { cause: error });
      throw error;
    }
  }
  let definition: ProviderDefinition;
  if (chosen === 'local') definition = LOCAL;
  else {
    try {
      definition = await loadProviderDefinition(chosen, { cwd });
    } catch (error) {
      if (isStowageError(error)) throw new StowageError(error.code, `Invalid ${at}provider: ${error.message}`, { cause: error });
      throw error;
    }
  }
  const options = choice.providerOptions ?? (definition.name === 'local' ? { root: resolve(cwd, 'uploads') } : undefined);
  if (options === undefined) throw new StowageError('INVALID_OPTIONS', `Invalid ${at}providerOptions: provider "${definition.name}" needs options (bucket, credentials…)`);
  return definition.init(options);
}

/**
 * Runs the provider's start-up `check` when it has one.
 * @throws the check's `StowageError`, its message prefixed with the provider's name.
 */
export async function checkProvider(provider: Provider): Promise<void> {
  if (!supports(provider, 'check')) return;
  try {
    await provider.check();
  } catch (error) {
    if (isStowageError(error)) throw new StowageError(error.code, `Provider "${provider.name}" failed its start-up check: ${error.message}`, { cause: error, provider: provider.name });
    throw error;
  }
}

// Strapi's own action options, without the fields the server itself applies to every upload.
function strapiActionOptions(config: StowageConfig): NonNullable<StrapiAdapterOptions['actionOptions']> {
  const { upload = {}, uploadStream, delete: del } = config.actionOptions;
  const { cacheControl: _c, contentDisposition: _d, metadata: _m, ...strapiUpload } = upload;
  return { upload: strapiUpload, ...(uploadStream === undefined ? {} : { uploadStream }), ...(del === undefined ? {} : { delete: del }) };
}

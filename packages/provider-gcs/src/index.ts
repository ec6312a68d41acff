import { defineProvider } from '@stowage/core';
import { createGcsProvider, GCS_CAPABILITIES, type GcsProvider } from './provider.js';
import type { GcsProviderOptions } from './options.js';

/**
 * The Google Cloud Storage provider.
 *
 * ```ts
 * import gcs from '@stowage/provider-upload-gcs';
 * const storage = await gcs.init({ bucket: 'my-uploads', keyFilename: './service-account.json' });
 * ```
 */
export default defineProvider<GcsProviderOptions, GcsProvider>({
  name: 'gcs',
  capabilities: GCS_CAPABILITIES,
  init: (options) => createGcsProvider(options),
});

export { createGcsProvider, GCS_CAPABILITIES, type GcsProvider } from './provider.js';
export { optionsSchema, type GcsProviderOptions, type ResolvedGcsOptions, type ServiceAccountKey } from './options.js';
export { toStowageError, statusOf, type ErrorContext } from './errors.js';
export { resolveRange } from './read.js';

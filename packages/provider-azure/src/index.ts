import { defineProvider } from '@stowage/core';
import type { AzureProviderOptions } from './options.js';
import { AZURE_CAPABILITIES, createAzureProvider, type AzureProvider } from './provider.js';

/**
 * The Azure Blob Storage provider.
 *
 * ```ts
 * import azure from '@stowage/provider-upload-azure';
 * const storage = await azure.init({ container: 'uploads', connectionString: process.env.AZURE_STORAGE_CONNECTION_STRING });
 * ```
 */
export default defineProvider<AzureProviderOptions, AzureProvider>({
  name: 'azure',
  capabilities: AZURE_CAPABILITIES,
  init: createAzureProvider,
});

export { AZURE_CAPABILITIES, createAzureProvider, type AzureProvider } from './provider.js';
export { azureOptionsSchema, type AzureProviderOptions, type ResolvedAzureOptions } from './options.js';
export { toStowageError } from './errors.js';

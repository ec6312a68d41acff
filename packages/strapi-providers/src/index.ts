/**
 * `@stowage/strapi-providers`: runs Strapi upload providers (`@strapi/provider-upload-*`,
 * `strapi-provider-upload-*`) as Stowage providers.
 * @module
 */
export { createStrapiProvider, type StrapiAdaptedProvider } from './provider.js';
export type { StrapiAdapterOptions } from './options.js';
export { bytesToKbytes, fileForKey, type KeyStyle } from './file-object.js';
export { loadStrapiProvider, strapiProviderCandidates } from './resolve.js';
export { mapStrapiError } from './errors.js';
export type { StrapiFile, StrapiProviderInstance, StrapiProviderModule } from './types.js';

import { defineProvider } from '@stowage/core';
import { LOCAL_CAPABILITIES, createLocalProvider } from './provider.js';
import type { LocalOptions } from './options.js';

/**
 * The local-disk provider: objects are files under `root`, written atomically (temporary file, then
 * rename), with a JSON metadata sidecar each, and HMAC-signed URLs served by `createSignedRequestHandler`.
 *
 * ```ts
 * import local from '@stowage/provider-upload-local';
 * const storage = await local.init({ root: './uploads' });
 * ```
 */
export default defineProvider({
  name: 'local',
  capabilities: LOCAL_CAPABILITIES,
  init: (options: LocalOptions) => createLocalProvider(options),
});

export { createLocalProvider, LOCAL_CAPABILITIES, type LocalProvider } from './provider.js';
export { localOptionsSchema, signingSchema, type FsLike, type LocalOptions, type ParsedLocalOptions, type SigningOptions } from './options.js';
export { createSignedRequestHandler, type SignedRequestHandler, type SignedRequestHandlerOptions } from './handler.js';
export { expiryFrom, signedUrlFor, verifySignedRequest, type SignedClaims, type VerifiedRequest } from './signing.js';
export type { Sidecar } from './metadata.js';

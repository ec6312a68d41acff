import { defineProvider } from '@stowage/core';
import type { __PASCAL_NAME__Options } from './options.js';
import { CAPABILITIES, create__PASCAL_NAME__Provider } from './provider.js';

/**
 * The __PROVIDER_NAME__ provider for Stowage.
 *
 * ```ts
 * import __CAMEL_NAME__ from '__PACKAGE_NAME__';
 * const storage = await __CAMEL_NAME__.init({ root: './uploads' });
 * ```
 */
export default defineProvider({
  name: '__PROVIDER_NAME__',
  capabilities: CAPABILITIES,
  init: (options: __PASCAL_NAME__Options) => create__PASCAL_NAME__Provider(options),
});

export { CAPABILITIES, create__PASCAL_NAME__Provider, type __PASCAL_NAME__Provider } from './provider.js';
export { optionsSchema, type __PASCAL_NAME__Options, type Parsed__PASCAL_NAME__Options } from './options.js';

import { isAbsolute, resolve } from 'node:path';
import { StowageError } from '@stowage/core';
import type { KeyStyle } from './file-object.js';
import type { StrapiFile, StrapiProviderModule } from './types.js';

/** Options of {@link createStrapiProvider}. */
export interface StrapiAdapterOptions {
  /**
   * The Strapi upload provider: a name (`aws-s3` → `@strapi/provider-upload-aws-s3`, then
   * `strapi-provider-upload-aws-s3`), a package name, a path, or the provider module itself.
   */
  provider: string | StrapiProviderModule;
  /** Passed to the provider's `init`, as Strapi's `providerOptions`. @default {} */
  providerOptions?: Record<string, unknown>;
  /** Strapi's `actionOptions`: extra parameters of each provider call. @default {} */
  actionOptions?: { upload?: Record<string, unknown>; uploadStream?: Record<string, unknown>; delete?: Record<string, unknown> };
  /** Where provider names resolve from, and the default `publicDir`'s base. @default process.cwd() */
  cwd?: string;
  /** The Stowage provider's name. @default `strapi-<short name>` */
  name?: string;
  /** How keys map to Strapi's `path`/`hash`/`ext` (see {@link KeyStyle}). @default 'flat' for provider-local, else 'path' */
  keyStyle?: KeyStyle;
  /** Strapi's public directory (`strapi.dirs.static.public`; provider-local writes into its `uploads`). @default `<cwd>/public` */
  publicDir?: string;
  /** Resolves the providers' relative URLs (provider-local's `/uploads/…`) for reads. @default none: relative URLs are not read */
  baseUrl?: string;
  /**
   * The URL an object is read from (when public), and the `url` handed to `getSignedUrl`. Known for
   * provider-local and aws-s3; other providers need it for the `read`, `stat` and `exists` capabilities.
   * @default the known provider's, else none
   */
  fileUrl?: (file: StrapiFile) => string | undefined;
  /**
   * Whether a failed upload is followed by a `delete` of the key, for providers that write in place (a
   * failed body would otherwise leave a partial object readable; the previous object is lost either way).
   * @default true for provider-local, else false
   */
  removeOnFailure?: boolean;
}

/** The options checked, with defaults. */
export interface ResolvedAdapterOptions {
  providerOptions: Record<string, unknown>;
  actionOptions: NonNullable<StrapiAdapterOptions['actionOptions']>;
  cwd: string;
  publicDir: string;
  baseUrl?: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** @throws `INVALID_OPTIONS` naming the option and what was expected (never echoing values: they hold secrets). */
export function checkAdapterOptions(options: StrapiAdapterOptions): ResolvedAdapterOptions {
  if (!isRecord(options)) throw new StowageError('INVALID_OPTIONS', 'Invalid options: expected an object with `provider`');
  const { provider, providerOptions = {}, actionOptions = {}, cwd = process.cwd(), baseUrl, keyStyle, fileUrl, name } = options;
  if (!(typeof provider === 'string' && provider !== '') && !(isRecord(provider) && typeof provider.init === 'function')) {
    throw new StowageError('INVALID_OPTIONS', 'Invalid provider: expected a Strapi provider name (aws-s3), package, path, or a module with init()');
  }
  if (!isRecord(providerOptions)) throw new StowageError('INVALID_OPTIONS', 'Invalid providerOptions: expected an object');
  if (!isRecord(actionOptions)) throw new StowageError('INVALID_OPTIONS', 'Invalid actionOptions: expected an object of { upload, uploadStream, delete }');
  for (const [action, value] of Object.entries(actionOptions)) {
    if (!['upload', 'uploadStream', 'delete'].includes(action) || !isRecord(value)) throw new StowageError('INVALID_OPTIONS', `Invalid actionOptions.${action}: expected upload, uploadStream or delete, each an object`);
  }
  if (typeof cwd !== 'string' || cwd === '') throw new StowageError('INVALID_OPTIONS', 'Invalid cwd: expected a directory path');
  if (baseUrl !== undefined && (typeof baseUrl !== 'string' || !URL.canParse(baseUrl))) throw new StowageError('INVALID_OPTIONS', 'Invalid baseUrl: expected an absolute URL');
  if (keyStyle !== undefined && keyStyle !== 'path' && keyStyle !== 'flat') throw new StowageError('INVALID_OPTIONS', 'Invalid keyStyle: expected "path" or "flat"');
  if (fileUrl !== undefined && typeof fileUrl !== 'function') throw new StowageError('INVALID_OPTIONS', 'Invalid fileUrl: expected a function (file) => url');
  if (options.removeOnFailure !== undefined && typeof options.removeOnFailure !== 'boolean') throw new StowageError('INVALID_OPTIONS', 'Invalid removeOnFailure: expected a boolean');
  if (name !== undefined && (typeof name !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(name))) throw new StowageError('INVALID_OPTIONS', 'Invalid name: expected lower-case letters, digits and dashes');
  const publicDir = options.publicDir ?? 'public';
  if (typeof publicDir !== 'string' || publicDir === '') throw new StowageError('INVALID_OPTIONS', 'Invalid publicDir: expected a directory path');
  return { providerOptions, actionOptions, cwd, publicDir: isAbsolute(publicDir) ? publicDir : resolve(cwd, publicDir), ...(baseUrl === undefined ? {} : { baseUrl }) };
}

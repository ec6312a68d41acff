import { normalizeKey, StowageError, type Capability, type ExistsCapability, type Provider, type ReadCapability, type SignedUrlCapability, type StatCapability } from '@stowage/core';
import { mapStrapiError } from './errors.js';
import { fileForKey } from './file-object.js';
import { KNOWN_PROVIDERS } from './known-providers.js';
import { checkAdapterOptions, type StrapiAdapterOptions } from './options.js';
import { loadStrapiProvider } from './resolve.js';
import { signedUrlOf } from './signed-url.js';
import type { StrapiProviderInstance, StrapiProviderModule } from './types.js';
import { uploadThrough } from './upload.js';
import { UrlAccess } from './url-access.js';

/** A Strapi upload provider seen as a Stowage provider. */
export type StrapiAdaptedProvider = Provider & Partial<ReadCapability & StatCapability & ExistsCapability & SignedUrlCapability>;

/**
 * Loads a Strapi upload provider (`@strapi/provider-upload-<name>`, `strapi-provider-upload-<name>`, a
 * package or a path), inits it with `providerOptions`, and exposes it as a Stowage provider: `upload`
 * (through `uploadStream`, or `upload`), `delete`, and, where the provider's objects have a URL, `read`,
 * `stat` and `exists` through it; `signedUrl` when the provider `isPrivate()` and has `getSignedUrl`.
 *
 * ```ts
 * const provider = await createStrapiProvider({ provider: 'aws-s3', providerOptions: { s3Options: { … } } });
 * ```
 * @throws `INVALID_OPTIONS` for bad options or a provider that cannot be found or fails its `init`.
 */
export async function createStrapiProvider(options: StrapiAdapterOptions): Promise<StrapiAdaptedProvider> {
  const resolved = checkAdapterOptions(options);
  let module: StrapiProviderModule;
  let specifier: string;
  if (typeof options.provider === 'string') ({ module, specifier } = loadStrapiProvider(options.provider, resolved.cwd));
  else {
    module = options.provider;
    specifier = 'custom';
  }
  const known = KNOWN_PROVIDERS[specifier];
  const shortName = options.name ?? `strapi-${specifier.replace(/^@strapi\/provider-upload-|^strapi-provider-upload-/, '').replace(/[^a-z0-9-]+/gi, '-').replace(/^-+|-+$/g, '').toLowerCase() || 'custom'}`;
  known?.prepare?.({ publicDir: resolved.publicDir });
  const instance = await initWithGlobal(module, resolved.providerOptions, resolved.publicDir, shortName);
  const keyStyle = options.keyStyle ?? known?.keyStyle ?? 'path';
  const fileUrl = options.fileUrl ?? (known?.fileUrl === undefined ? undefined : (file: Parameters<NonNullable<typeof known.fileUrl>>[0]) => known.fileUrl?.(file, resolved.providerOptions));
  const isPrivate = Boolean(await instance.isPrivate?.());
  const canSign = isPrivate && typeof instance.getSignedUrl === 'function';

  const absolute = (url: string | undefined): string | undefined => {
    if (url === undefined) return undefined;
    if (URL.canParse(url)) return url;
    return resolved.baseUrl === undefined ? undefined : new URL(url.replace(/^\/+/, ''), resolved.baseUrl.endsWith('/') ? resolved.baseUrl : `${resolved.baseUrl}/`).toString();
  };
  const sample = absolute(fileUrl?.(fileForKey('probe.bin', keyStyle)));
  const readable = fileUrl !== undefined && (canSign || sample !== undefined);

  const sign = (key: string, expiresIn?: number, contentDisposition?: string) => signedUrlOf(instance, fileForKey(key, keyStyle), absolute(fileUrl?.(fileForKey(key, keyStyle))), { ...(expiresIn === undefined ? {} : { expiresIn }), ...(contentDisposition === undefined ? {} : { contentDisposition }) });
  const urlOf = async (key: string): Promise<string> => {
    if (canSign) return (await sign(key)).url;
    const url = absolute(fileUrl?.(fileForKey(key, keyStyle)));
    if (url === undefined) throw new StowageError('UNSUPPORTED', `Provider "${shortName}" gives no URL to read "${key}" from`, { key });
    return url;
  };
  const access = new UrlAccess(urlOf);
  const capabilities = new Set<Capability>();
  if (readable) ['read', 'stat', 'exists'].forEach((c) => capabilities.add(c as Capability));
  if (canSign) capabilities.add('signedUrl');

  const provider: StrapiAdaptedProvider = {
    name: shortName,
    capabilities,
    upload: (input) => uploadThrough({ instance, keyStyle, removeOnFailure: options.removeOnFailure ?? known?.writesInPlace ?? false, actionOptions: resolved.actionOptions }, input),
    async delete(key) {
      const normalized = normalizeKey(key);
      try {
        await instance.delete(fileForKey(normalized, keyStyle), resolved.actionOptions.delete ?? {});
      } catch (error) {
        const mapped = mapStrapiError(error, 'delete', normalized);
        if (mapped.code !== 'NOT_FOUND') throw mapped;
      }
    },
  };
  if (readable) {
    provider.read = (key, opts) => access.read(normalizeKey(key), opts);
    provider.stat = (key, opts) => access.stat(normalizeKey(key), opts?.signal);
    provider.exists = (key, opts) => access.exists(normalizeKey(key), opts?.signal);
  }
  if (canSign) provider.signedUrl = (key, opts = {}) => sign(normalizeKey(key), opts.expiresIn, opts.contentDisposition);
  return provider;
}

// Strapi providers read the global `strapi` at init (provider-local: `strapi.dirs.static.public`). A
// minimal one is lent for the call when none exists, and taken back after.
async function initWithGlobal(module: StrapiProviderModule, providerOptions: unknown, publicDir: string, name: string): Promise<StrapiProviderInstance> {
  const scope = globalThis as { strapi?: unknown };
  const lent = scope.strapi === undefined;
  if (lent) {
    const log = () => undefined;
    scope.strapi = { dirs: { static: { public: publicDir } }, log: { debug: log, info: log, warn: log, error: log }, config: { get: (_path: string, fallback?: unknown) => fallback } };
  }
  try {
    const instance = await module.init(providerOptions);
    if (typeof instance?.delete !== 'function' || (typeof instance.uploadStream !== 'function' && typeof instance.upload !== 'function')) {
      throw new StowageError('INVALID_OPTIONS', `Invalid provider "${name}": init() must return { uploadStream or upload, delete }`);
    }
    return instance;
  } catch (error) {
    throw error instanceof StowageError ? error : new StowageError('INVALID_OPTIONS', `Invalid providerOptions: Strapi provider "${name}" failed to init: ${(error as Error).message}`, { cause: error });
  } finally {
    if (lent) delete scope.strapi;
  }
}

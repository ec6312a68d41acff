import type { Readable } from 'node:stream';

/**
 * Strapi's file object, as upload providers receive it (`@strapi/plugin-upload`'s `UploadableFile`).
 * `size` is in kilobytes (of 1000 bytes, two decimals), as Strapi sends it.
 */
export interface StrapiFile {
  name: string;
  alternativeText?: string | null;
  caption?: string | null;
  /** The object's base name, without extension; providers build their key from `path`, `hash` and `ext`. */
  hash: string;
  /** The extension with its dot (`.jpg`), or `''`. */
  ext: string;
  mime: string;
  /** Kilobytes, two decimals. */
  size: number;
  sizeInBytes?: number;
  /** A folder the provider puts the object under (aws-s3 does; provider-local ignores it). */
  path?: string;
  width?: number | null;
  height?: number | null;
  /** The bytes, for `uploadStream`. */
  stream?: Readable;
  /** The bytes, for the older `upload`. */
  buffer?: Buffer;
  /** Set by the provider on upload. */
  url?: string;
  /** Set by the provider on upload, when it has backend facts to keep. */
  provider_metadata?: Record<string, unknown> | null;
}

/** What a Strapi upload provider's `init(providerOptions)` returns. */
export interface StrapiProviderInstance {
  uploadStream?(file: StrapiFile, customParams?: Record<string, unknown>): Promise<void> | void;
  upload?(file: StrapiFile, customParams?: Record<string, unknown>): Promise<void> | void;
  delete(file: StrapiFile, customParams?: Record<string, unknown>): Promise<unknown> | unknown;
  getSignedUrl?(file: StrapiFile, customParams?: Record<string, unknown>): Promise<{ url: string }> | { url: string };
  isPrivate?(): boolean | Promise<boolean>;
  checkFileSize?(file: StrapiFile, options: { sizeLimit?: number }): void;
}

/** A Strapi upload provider package's export: `{ init(providerOptions) }`. */
export interface StrapiProviderModule {
  init(providerOptions: unknown): StrapiProviderInstance | Promise<StrapiProviderInstance>;
}

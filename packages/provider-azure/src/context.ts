import type { BlockBlobClient, ContainerClient } from '@azure/storage-blob';
import { normalizeKey } from '@stowage/core';
import type { Signer } from './auth.js';
import type { ErrorContext } from './errors.js';
import type { ResolvedAzureOptions } from './options.js';
import { refuseReservedKey } from './reserved-keys.js';

/** What every operation of one provider instance shares. */
export interface AzureContext {
  /** The client of the configured container. */
  container: ContainerClient;
  /** How URLs are signed. */
  signer: Signer;
  /** The validated options. */
  options: ResolvedAzureOptions;
}

/**
 * A key checked by core's rules (`key`, NFC-normalized) and the blob name it is stored under (`stored`,
 * under `rootPath`). Keys of the provider's own folder (`.stowage-resumable/…`) are refused.
 * @throws `INVALID_KEY`.
 */
export function resolveKey(ctx: AzureContext, key: unknown): { key: string; stored: string } {
  const normalized = normalizeKey(key);
  refuseReservedKey(normalized);
  const stored = ctx.options.rootPath === undefined ? normalized : normalizeKey(normalized, { prefix: ctx.options.rootPath });
  return { key: normalized, stored };
}

/** The block blob client of a stored key. */
export function blobOf(ctx: AzureContext, stored: string): BlockBlobClient {
  return ctx.container.getBlockBlobClient(stored);
}

/** The error context of one call. */
export function errorContext(ctx: AzureContext, op: string, key?: string, signal?: AbortSignal): ErrorContext {
  return { op, container: ctx.container.containerName, ...(key === undefined ? {} : { key }), ...(signal === undefined ? {} : { signal }) };
}

/**
 * The public URL of a stored key under `baseUrl`: the base names the container's root, so the container is
 * never added (adding it doubled it in other providers' CDN URLs). Each segment is percent-encoded.
 */
export function publicUrl(ctx: AzureContext, stored: string): string | undefined {
  const base = ctx.options.baseUrl;
  if (base === undefined) return undefined;
  return `${base.replace(/\/+$/, '')}/${stored.split('/').map(encodeURIComponent).join('/')}`;
}

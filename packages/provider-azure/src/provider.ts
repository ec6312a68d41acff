import type { ContainerClient } from '@azure/storage-blob';
import {
  isStowageError,
  normalizeKey,
  parseOptions,
  StowageError,
  type Capability,
  type CallOptions,
  type ProviderWith,
} from '@stowage/core';
import { createClients } from './auth.js';
import { check } from './check.js';
import type { AzureContext } from './context.js';
import { copy } from './copy.js';
import { deleteObject } from './delete.js';
import { mapErrors, PROVIDER } from './errors.js';
import { exists } from './exists.js';
import { list, listPage } from './list.js';
import { azureOptionsSchema, type AzureProviderOptions, type ResolvedAzureOptions } from './options.js';
import { read } from './read.js';
import { abortResumable } from './resumable-abort.js';
import { appendResumable } from './resumable-append.js';
import { completeResumable } from './resumable-complete.js';
import { createResumable } from './resumable-create.js';
import { signedUpload } from './signed-upload.js';
import { signedUrl } from './signed-url.js';
import { stat } from './stat.js';
import { upload } from './upload.js';

/** The capabilities every Azure provider declares (the package.json `stowage` manifest lists the same). */
export const AZURE_CAPABILITIES = [
  'read',
  'stat',
  'signedUrl',
  'signedUpload',
  'copy',
  'list',
  'exists',
  'check',
  'close',
  'resumable',
] as const satisfies readonly Capability[];

/** An Azure Blob Storage provider instance. */
export type AzureProvider = ProviderWith<(typeof AZURE_CAPABILITIES)[number]> & {
  /** The container client in use, for what Stowage does not cover. */
  readonly containerClient: ContainerClient;
};

/**
 * Validates the options, builds the container client, and creates the container when
 * `createContainerIfMissing` is set. No request is made otherwise: call `check()` to verify access.
 * @throws `INVALID_OPTIONS` naming the option; secret values are never echoed.
 */
export async function createAzureProvider(input: AzureProviderOptions): Promise<AzureProvider> {
  const options = normalizeRoot(await parseOptions(PROVIDER, azureOptionsSchema, input));
  const { container, signer } = createClients(options);
  const ctx: AzureContext = { container, signer, options };
  if (options.createContainerIfMissing) {
    await mapErrors({ op: 'createContainerIfMissing', container: container.containerName }, () => container.createIfNotExists());
  }
  return {
    name: PROVIDER,
    capabilities: new Set(AZURE_CAPABILITIES),
    containerClient: container,
    upload: (uploadInput) => upload(ctx, uploadInput),
    delete: (key, callOptions) => deleteObject(ctx, key, callOptions),
    read: (key, readOptions) => read(ctx, key, readOptions),
    stat: (key, callOptions) => stat(ctx, key, callOptions),
    signedUrl: (key, urlOptions) => signedUrl(ctx, key, urlOptions),
    signedUpload: (key, uploadOptions) => signedUpload(ctx, key, uploadOptions),
    copy: (from, to, callOptions) => copy(ctx, from, to, callOptions),
    listPage: (listOptions) => listPage(ctx, listOptions),
    list: (listOptions) => list(ctx, listOptions),
    exists: (key, callOptions) => exists(ctx, key, callOptions),
    check: (callOptions?: CallOptions) => check(ctx, callOptions),
    // The SDK's HTTP agents keep no process alive and have nothing to release explicitly.
    close: async () => {},
    createResumable: (key, resumableOptions) => createResumable(ctx, key, resumableOptions),
    appendResumable: (handle, body, appendOptions) => appendResumable(ctx, handle, body, appendOptions),
    completeResumable: (handle, completeOptions) => completeResumable(ctx, handle, completeOptions),
    abortResumable: (handle, callOptions) => abortResumable(ctx, handle, callOptions),
  };
}

// rootPath follows the key rules; store it normalized so listings strip exactly what uploads added.
function normalizeRoot(options: ResolvedAzureOptions): ResolvedAzureOptions {
  const raw = options.rootPath?.replace(/\/+$/, '');
  if (raw === undefined || raw === '') return { ...options, rootPath: undefined };
  try {
    return { ...options, rootPath: normalizeKey(raw) };
  } catch (error) {
    const rule = isStowageError(error) ? error.message.replace(/^Invalid key: /, '') : 'breaks the key rules';
    throw new StowageError('INVALID_OPTIONS', `Invalid options for provider "${PROVIDER}": rootPath: ${rule}`, { provider: PROVIDER });
  }
}

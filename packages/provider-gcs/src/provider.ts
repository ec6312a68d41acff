import { readFile } from 'node:fs/promises';
import { Storage, type StorageOptions } from '@google-cloud/storage';
import { isStowageError, normalizeKey, parseOptions, type Capability, type ProviderWith } from '@stowage/core';
import { check } from './check.js';
import type { GcsContext } from './context.js';
import { copy } from './copy.js';
import { remove } from './delete.js';
import { gcsError, PROVIDER_NAME } from './errors.js';
import { exists } from './exists.js';
import { list, listPage } from './list.js';
import { optionsSchema, type GcsProviderOptions, type ResolvedGcsOptions } from './options.js';
import { read } from './read.js';
import { abortResumable } from './resumable-abort.js';
import { appendResumable } from './resumable-append.js';
import { completeResumable } from './resumable-complete.js';
import { createResumable } from './resumable-create.js';
import { signedUpload } from './signed-upload.js';
import { signedUrl } from './signed-url.js';
import { stat } from './stat.js';
import { upload } from './upload.js';

/** The capabilities every GCS provider instance declares (as in package.json's `"stowage"` manifest). */
export const GCS_CAPABILITIES = ['read', 'stat', 'signedUrl', 'signedUpload', 'copy', 'list', 'exists', 'check', 'close', 'resumable'] as const satisfies readonly Capability[];

/** A GCS provider instance. */
export type GcsProvider = ProviderWith<(typeof GCS_CAPABILITIES)[number]> & {
  /** The `Storage` client in use (for what Stowage does not cover). */
  readonly storage: Storage;
  /** The bucket's name. */
  readonly bucketName: string;
};

/**
 * Validates the options (auth included, without network calls) and creates a provider.
 * @throws `INVALID_OPTIONS` naming the option and what was expected; secrets are never echoed.
 */
export async function createGcsProvider(input: GcsProviderOptions): Promise<GcsProvider> {
  const options = await parseOptions(PROVIDER_NAME, optionsSchema, input);
  const prefix = checkPrefix(options.prefix);
  if (options.keyFilename !== undefined) await checkKeyFile(options.keyFilename, 'keyFilename');
  else if (options.credentials === undefined && options.storage === undefined && process.env.GOOGLE_APPLICATION_CREDENTIALS) {
    await checkKeyFile(process.env.GOOGLE_APPLICATION_CREDENTIALS, 'GOOGLE_APPLICATION_CREDENTIALS', true);
  }
  const storage = options.storage ?? new Storage(storageOptions(options));
  const internals = storage as unknown as { customEndpoint?: boolean; apiEndpoint?: string };
  const ctx: GcsContext = {
    storage,
    bucket: storage.bucket(options.bucket),
    options,
    prefix,
    customEndpoint: internals.customEndpoint === true,
    apiEndpoint: (internals.apiEndpoint ?? 'https://storage.googleapis.com').replace(/\/+$/, ''),
  };
  let closed = false;
  const open = () => {
    if (closed) throw gcsError('UNSUPPORTED', 'This GCS provider was closed');
    return ctx;
  };
  return {
    name: PROVIDER_NAME,
    capabilities: new Set<Capability>(GCS_CAPABILITIES),
    storage,
    bucketName: options.bucket,
    upload: async (i) => upload(open(), i),
    delete: async (key, o) => remove(open(), key, o),
    read: async (key, o) => read(open(), key, o),
    stat: async (key, o) => stat(open(), key, o),
    signedUrl: async (key, o) => signedUrl(open(), key, o),
    signedUpload: async (key, o) => signedUpload(open(), key, o),
    copy: async (from, to, o) => copy(open(), from, to, o),
    listPage: async (o) => listPage(open(), o),
    list: (o) =>
      (async function* () {
        yield* list(open(), o);
      })(),
    exists: async (key, o) => exists(open(), key, o),
    check: async (o) => check(open(), o),
    createResumable: async (key, o) => createResumable(open(), key, o),
    appendResumable: async (handle, body, o) => appendResumable(open(), handle, body, o),
    completeResumable: async (handle, o) => completeResumable(open(), handle, o),
    abortResumable: async (handle, o) => abortResumable(open(), handle, o),
    async close() {
      // The SDK keeps no pool of its own to release (sockets idle out of the shared agent).
      closed = true;
    },
  };
}

function storageOptions(options: ResolvedGcsOptions): StorageOptions {
  return {
    ...(options.projectId === undefined ? {} : { projectId: options.projectId }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials as StorageOptions['credentials'] }),
    ...(options.keyFilename === undefined ? {} : { keyFilename: options.keyFilename }),
    ...(options.apiEndpoint === undefined ? {} : { apiEndpoint: options.apiEndpoint }),
    ...(options.authenticateCustomEndpoint ? { useAuthWithCustomEndpoint: true } : {}),
  };
}

function checkPrefix(prefix: string | undefined): string {
  if (prefix === undefined || prefix === '' || prefix === '/') return '';
  try {
    return normalizeKey(prefix.replace(/\/+$/, ''));
  } catch (error) {
    const why = isStowageError(error) ? error.message.replace(/^Invalid key: /, '') : 'is not a valid key prefix';
    throw gcsError('INVALID_OPTIONS', `Invalid option prefix: ${why}`);
  }
}

// The key file is read once here so that a wrong path or a malformed file fails at init, naming the
// option, and never later in the middle of an upload. Its content is never echoed.
async function checkKeyFile(path: string, option: string, adc = false): Promise<void> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw gcsError('INVALID_OPTIONS', `Invalid option ${option}: the key file cannot be read (${code})`);
  }
  let key: { type?: unknown; client_email?: unknown; private_key?: unknown };
  try {
    key = JSON.parse(text) as typeof key;
  } catch {
    throw gcsError('INVALID_OPTIONS', `Invalid option ${option}: the key file is not JSON`);
  }
  if (typeof key !== 'object' || key === null || typeof key.type !== 'string') {
    throw gcsError('INVALID_OPTIONS', `Invalid option ${option}: the file is not a Google credentials file (no "type")`);
  }
  if (!adc && key.type !== 'service_account') {
    throw gcsError('INVALID_OPTIONS', `Invalid option ${option}: expected a service-account key (type "service_account"), got type "${key.type}"`);
  }
  if (key.type === 'service_account' && (typeof key.client_email !== 'string' || typeof key.private_key !== 'string')) {
    throw gcsError('INVALID_OPTIONS', `Invalid option ${option}: the service-account key lacks client_email or private_key`);
  }
}

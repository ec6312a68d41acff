import { resolve } from 'node:path';
import * as nodeFs from 'node:fs';
import { parseOptions, StowageError, type Capability, type ListOptions, type ListPageOptions, type Provider, type ProviderWith, type UploadInput } from '@stowage/core';
import { check, createRootIfMissing } from './check.js';
import type { LocalContext } from './context.js';
import { copy } from './copy.js';
import { deleteObject } from './delete.js';
import { DirSyncs } from './dir-syncs.js';
import { PROVIDER_NAME } from './errors.js';
import { exists } from './exists.js';
import { FsAdapter } from './fs-adapter.js';
import { KeyLocks } from './key-locks.js';
import { DiskFacts } from './disk-facts.js';
import { list, listPage } from './list.js';
import { localOptionsSchema, type FsLike, type LocalOptions } from './options.js';
import { read } from './read.js';
import { abortResumable } from './resumable-abort.js';
import { appendResumable } from './resumable-append.js';
import { completeResumable } from './resumable-complete.js';
import { createResumable } from './resumable-create.js';
import { signedUpload } from './signed-upload.js';
import { signedUrl } from './signed-url.js';
import { stat } from './stat.js';
import { upload } from './upload.js';

/** Every capability of the local provider (all ten; `resumable` only with an fs that has `ftruncate`). */
export const LOCAL_CAPABILITIES = ['read', 'stat', 'signedUrl', 'signedUpload', 'copy', 'list', 'exists', 'check', 'close', 'resumable'] as const satisfies readonly Capability[];

/** A local-disk provider instance. */
export type LocalProvider = ProviderWith<(typeof LOCAL_CAPABILITIES)[number]>;

// A registered symbol rather than a module-level WeakMap: the server may load this package twice (its
// build through the provider loader, its sources through an import) and both copies must agree.
const CONTEXT = Symbol.for('stowage.provider-local.context.v1');

/** The internals of a provider made by {@link createLocalProvider} (for the signed-request handler). */
export function contextOf(provider: LocalProvider): LocalContext {
  const ctx = (provider as unknown as Record<symbol, LocalContext | undefined>)[CONTEXT];
  if (ctx === undefined) {
    throw new StowageError('INVALID_OPTIONS', 'Expected a provider created by @stowage/provider-upload-local', { provider: PROVIDER_NAME });
  }
  return ctx;
}

/**
 * Creates a local-disk provider: validates `options` and, with `createRoot` (the default), creates the
 * root directory.
 * @throws `INVALID_OPTIONS` naming the option and what was expected (the signing secret is never echoed).
 */
export async function createLocalProvider(options: LocalOptions): Promise<LocalProvider> {
  const parsed = await parseOptions(PROVIDER_NAME, localOptionsSchema, options);
  const fs = new FsAdapter(parsed.fs ?? (nodeFs as unknown as FsLike), parsed.fs === undefined);
  const ctx: LocalContext = {
    root: resolve(parsed.root),
    fs,
    options: parsed,
    locks: new KeyLocks(),
    disk: new DiskFacts(),
    dirSyncs: new DirSyncs(fs),
    closed: false,
  };
  await createRootIfMissing(ctx);
  const provider: LocalProvider = {
    name: PROVIDER_NAME,
    capabilities: new Set<Capability>(LOCAL_CAPABILITIES.filter((c) => c !== 'resumable' || typeof fs.fs.ftruncate === 'function')),
    upload: (input: UploadInput) => upload(ctx, input),
    delete: (key, callOptions) => deleteObject(ctx, key, callOptions),
    read: (key, readOptions) => read(ctx, key, readOptions),
    stat: (key, callOptions) => stat(ctx, key, callOptions),
    signedUrl: (key, signOptions) => signedUrl(ctx, key, signOptions),
    signedUpload: (key, uploadOptions) => signedUpload(ctx, key, uploadOptions),
    copy: (from, to, callOptions) => copy(ctx, from, to, callOptions),
    listPage: (pageOptions?: ListPageOptions) => listPage(ctx, pageOptions),
    list: (listOptions?: ListOptions) => list(ctx, listOptions),
    exists: (key, callOptions) => exists(ctx, key, callOptions),
    check: (callOptions) => check(ctx, callOptions),
    close: async () => {
      ctx.closed = true;
    },
    createResumable: (key, createOptions) => createResumable(ctx, key, createOptions),
    appendResumable: (handle, body, appendOptions) => appendResumable(ctx, handle, body, appendOptions),
    completeResumable: (handle, completeOptions) => completeResumable(ctx, handle, completeOptions),
    abortResumable: (handle, callOptions) => abortResumable(ctx, handle, callOptions),
  } satisfies Provider & LocalProvider;
  // Not enumerable: it holds the signing secret and must not show in logs or JSON.
  Object.defineProperty(provider, CONTEXT, { value: ctx, enumerable: false });
  return provider;
}

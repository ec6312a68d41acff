import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseOptions, type Capability, type Provider, type ProviderWith } from '@stowage/core';
import { check } from './check.js';
import { createContext } from './context.js';
import { copy } from './copy.js';
import { deleteObject } from './delete.js';
import { mapError, PROVIDER_NAME } from './errors.js';
import { exists } from './exists.js';
import { list, listPage } from './list.js';
import { optionsSchema, type __PASCAL_NAME__Options } from './options.js';
import { read } from './read.js';
import { stat } from './stat.js';
import { upload } from './upload.js';

/**
 * The capabilities this provider declares; the package.json `"stowage".capabilities` lists exactly these.
 * Adding one (`signedUrl`, `signedUpload`, `close`) means implementing its methods and listing it in both.
 */
export const CAPABILITIES = ['read', 'stat', 'copy', 'list', 'exists', 'check'] as const satisfies readonly Capability[];

/** An instance of this provider. */
export type __PASCAL_NAME__Provider = ProviderWith<(typeof CAPABILITIES)[number]>;

/**
 * Validates `options` and creates an instance.
 * @throws `INVALID_OPTIONS` naming the option and what was expected.
 */
export async function create__PASCAL_NAME__Provider(options: __PASCAL_NAME__Options): Promise<__PASCAL_NAME__Provider> {
  const parsed = await parseOptions(PROVIDER_NAME, optionsSchema, options);
  const ctx = createContext(resolve(parsed.root), parsed);
  if (parsed.createRoot) {
    try {
      for (const dir of [ctx.records, ctx.blobs, ctx.tmp]) await mkdir(dir, { recursive: true });
    } catch (error) {
      throw mapError(error, 'write');
    }
  }
  return {
    name: PROVIDER_NAME,
    capabilities: new Set<Capability>(CAPABILITIES),
    upload: (input) => upload(ctx, input),
    delete: (key, callOptions) => deleteObject(ctx, key, callOptions),
    read: (key, readOptions) => read(ctx, key, readOptions),
    stat: (key, callOptions) => stat(ctx, key, callOptions),
    copy: (from, to, callOptions) => copy(ctx, from, to, callOptions),
    listPage: (pageOptions) => listPage(ctx, pageOptions),
    list: (listOptions) => list(ctx, listOptions),
    exists: (key, callOptions) => exists(ctx, key, callOptions),
    check: (callOptions) => check(ctx, callOptions),
  } satisfies Provider & __PASCAL_NAME__Provider;
}

import type { CallOptions } from '@stowage/core';
import { assertOpen, throwIfAborted, type LocalContext } from './context.js';
import { mapFsError } from './errors.js';
import { keyPaths } from './paths.js';

/** `exists`: whether a regular file is stored at the key (a folder of other keys is not an object). */
export async function exists(ctx: LocalContext, rawKey: string, options: CallOptions = {}): Promise<boolean> {
  assertOpen(ctx);
  const paths = keyPaths(ctx.root, rawKey);
  throwIfAborted(options.signal, paths.key);
  try {
    return (await ctx.fs.stat(paths.objectPath)).isFile();
  } catch (error) {
    const mapped = mapFsError(error, 'read', paths.key);
    if (mapped.code === 'NOT_FOUND') return false;
    throw mapped;
  }
}

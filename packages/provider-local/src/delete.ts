import type { CallOptions } from '@stowage/core';
import { assertOpen, throwIfAborted, type LocalContext } from './context.js';
import { pruneEmptyDirs } from './ensure-dir.js';
import { mapFsError } from './errors.js';
import { META_DIR, keyPaths, type KeyPaths } from './paths.js';

/**
 * `delete`: removes the object, then its sidecar, then the folders left empty (so that `a` can be stored
 * once `a/b` is gone). Idempotent: a missing object, or a key that is only a folder of other keys, resolves.
 */
export async function deleteObject(ctx: LocalContext, rawKey: string, options: CallOptions = {}): Promise<void> {
  assertOpen(ctx);
  const paths = keyPaths(ctx.root, rawKey);
  throwIfAborted(options.signal, paths.key);
  try {
    await ctx.locks.run(paths.key, async () => {
      await unlinkFile(ctx, paths.objectPath, paths);
      await unlinkFile(ctx, paths.metaPath, paths);
    });
    if (ctx.options.fsync) await ctx.fs.fsyncDir(paths.objectDir);
  } catch (error) {
    throw mapFsError(error, 'delete', paths.key);
  }
  await pruneEmptyDirs(ctx, [], paths.dirSegments);
  await pruneEmptyDirs(ctx, META_DIR, paths.dirSegments);
}

async function unlinkFile(ctx: LocalContext, path: string, paths: KeyPaths): Promise<void> {
  // lstat first: memfs unlinks directories, and a folder of other keys must survive deleting its name.
  const stats = await ctx.fs.lstat(path).catch((error: unknown) => {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw mapFsError(error, 'delete', paths.key);
  });
  if (stats === undefined || stats.isDirectory()) return;
  await ctx.fs.unlink(path).catch((error: unknown) => {
    if ((error as { code?: string }).code !== 'ENOENT') throw error;
  });
}

import type { Stats } from 'node:fs';
import type { LocalContext } from './context.js';
import { mapFsError, notFound } from './errors.js';
import { readSidecar, type Sidecar } from './metadata.js';
import type { KeyPaths } from './paths.js';

/** An object opened for reading: its descriptor, file stats and sidecar. */
export interface OpenObject {
  fd: number;
  stats: Stats;
  sidecar: Sidecar | undefined;
}

/**
 * Opens the object at `paths` and reads its sidecar. The caller owns `fd`.
 * @throws `NOT_FOUND` when there is no regular file at the key (a folder of other keys is no object).
 */
export async function openObject(ctx: LocalContext, paths: KeyPaths): Promise<OpenObject> {
  let fd: number;
  try {
    fd = await ctx.fs.open(paths.objectPath, 'r');
  } catch (error) {
    throw mapFsError(error, 'read', paths.key);
  }
  try {
    const stats = await ctx.fs.fstat(fd);
    if (!stats.isFile()) throw notFound(paths.key);
    return { fd, stats, sidecar: await readSidecar(ctx, paths, stats) };
  } catch (error) {
    await ctx.fs.close(fd).catch(() => undefined);
    throw mapFsError(error, 'read', paths.key);
  }
}

/**
 * The stats and sidecar of the object at `paths`, without keeping it open.
 * @throws `NOT_FOUND`.
 */
export async function statObject(ctx: LocalContext, paths: KeyPaths): Promise<{ stats: Stats; sidecar: Sidecar | undefined }> {
  let stats: Stats;
  try {
    stats = await ctx.fs.stat(paths.objectPath);
  } catch (error) {
    throw mapFsError(error, 'read', paths.key);
  }
  if (!stats.isFile()) throw notFound(paths.key);
  return { stats, sidecar: await readSidecar(ctx, paths, stats) };
}

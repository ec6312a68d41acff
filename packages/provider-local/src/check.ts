import { StowageError, type CallOptions } from '@stowage/core';
import { dirname } from 'node:path';
import { assertOpen, throwIfAborted, type LocalContext } from './context.js';
import { mapFsError, PROVIDER_NAME } from './errors.js';
import { tempPath } from './paths.js';

/**
 * `check`: the root exists, is a directory, and a file can be created and removed in it (the probe is a
 * reserved temporary name, so it can never clash with a key).
 * @throws `INVALID_OPTIONS` naming `root` when it is missing or not a directory; `ACCESS_DENIED` when it
 *   is not writable; `UNAVAILABLE` for other file-system failures.
 */
export async function check(ctx: LocalContext, options: CallOptions = {}): Promise<void> {
  assertOpen(ctx);
  throwIfAborted(options.signal);
  const stats = await ctx.fs.stat(ctx.root).catch((error: unknown) => {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw mapFsError(error, 'check');
  });
  if (stats === undefined || !stats.isDirectory()) {
    throw new StowageError('INVALID_OPTIONS', `Option root: "${ctx.root}" ${stats === undefined ? 'does not exist' : 'is not a directory'}`, {
      provider: PROVIDER_NAME,
    });
  }
  const probe = tempPath(ctx.root);
  try {
    const fd = await ctx.fs.open(probe, 'wx', ctx.options.fileMode);
    await ctx.fs.close(fd);
  } catch (error) {
    throw mapFsError(error, 'check');
  } finally {
    await ctx.fs.unlink(probe).catch(() => undefined);
  }
}

/** Creates the root (and its parents) with `dirMode` when `createRoot` is on; used by `init`. */
export async function createRootIfMissing(ctx: LocalContext): Promise<void> {
  if (!ctx.options.createRoot) return;
  try {
    await mkdirWithParents(ctx, ctx.root);
  } catch (error) {
    throw mapFsError(error, 'check');
  }
}

async function mkdirWithParents(ctx: LocalContext, dir: string): Promise<void> {
  try {
    await ctx.fs.mkdir(dir, ctx.options.dirMode);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'EEXIST') return;
    if (code !== 'ENOENT' || dirname(dir) === dir) throw error;
    await mkdirWithParents(ctx, dirname(dir));
    await ctx.fs.mkdir(dir, ctx.options.dirMode).catch((retry: unknown) => {
      if ((retry as { code?: string }).code !== 'EEXIST') throw retry;
    });
  }
  // Each level created gets dirMode exactly, as folders under the root do.
  await ctx.fs.chmod(dir, ctx.options.dirMode);
}

import { join } from 'node:path';
import type { LocalContext } from './context.js';
import { modeIs } from './disk-facts.js';

/**
 * Makes sure `<root>/<segments…>` is a directory, creating what is missing (never the root itself: that
 * is `createRoot`'s business) with `dirMode`, applied with chmod so the umask does not narrow it.
 * Rejects with the file system's error; `EEXIST` when a segment is a file (a key collision). Directories
 * made or found are remembered, so the next write into them makes no call at all.
 */
export async function ensureDir(ctx: LocalContext, segments: readonly string[]): Promise<void> {
  if (segments.length === 0) return;
  const path = join(ctx.root, ...segments);
  if (ctx.disk.hasDir(path)) return;
  await makeDir(ctx, segments, path);
  ctx.disk.rememberDir(path);
}

async function makeDir(ctx: LocalContext, segments: readonly string[], path: string): Promise<void> {
  try {
    await ctx.fs.mkdir(path, ctx.options.dirMode);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'EEXIST') {
      const stats = await ctx.fs.stat(path);
      if (stats.isDirectory()) return;
      throw error;
    }
    if (code !== 'ENOENT' || segments.length === 1) throw error;
    await ensureDir(ctx, segments.slice(0, -1));
    try {
      await ctx.fs.mkdir(path, ctx.options.dirMode);
    } catch (retryError) {
      // Another upload created it in the meantime.
      if ((retryError as { code?: string }).code !== 'EEXIST' || !(await ctx.fs.stat(path)).isDirectory()) throw retryError;
      return;
    }
  }
  await applyDirMode(ctx, path);
}

async function applyDirMode(ctx: LocalContext, path: string): Promise<void> {
  const { dirMode } = ctx.options;
  if (ctx.disk.dirModeExact === undefined) ctx.disk.dirModeExact = modeIs(await ctx.fs.stat(path), dirMode);
  if (!ctx.disk.dirModeExact) await ctx.fs.chmod(path, dirMode);
}

/**
 * Removes the now-empty directories `<root>/<base…>/<segments…>`, deepest first, after a delete, so that the
 * key `a` can be stored once `a/b` is gone. Stops at the first directory that is not empty.
 */
export async function pruneEmptyDirs(ctx: LocalContext, base: readonly string[], segments: readonly string[]): Promise<void> {
  for (let depth = segments.length; depth > 0; depth--) {
    const path = join(ctx.root, ...base, ...segments.slice(0, depth));
    try {
      await ctx.fs.rmdir(path);
      ctx.disk.forgetDir(path);
    } catch {
      return;
    }
  }
}

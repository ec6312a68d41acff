import { join } from 'node:path';
import { writeBatched } from './batched-write.js';
import type { LocalContext } from './context.js';
import { ensureDir } from './ensure-dir.js';
import { keyConflict } from './errors.js';
import { modeIs } from './disk-facts.js';
import { tempPath } from './paths.js';

/** A fully written, closed temporary file, ready to be renamed into place. */
export interface TempFile {
  path: string;
  size: number;
}

/**
 * Writes `source` to a new temporary file in `<root>/<dirSegments…>` (created if needed), then fsyncs it
 * (with the `fsync` option) and applies `fileMode`. When anything fails, including the source, the
 * temporary file is closed and removed before the error is rethrown as is.
 */
export async function writeTemp(ctx: LocalContext, dirSegments: readonly string[], source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<TempFile> {
  const dir = join(ctx.root, ...dirSegments);
  const { fd, path } = await openTemp(ctx, dir, dirSegments);
  let open = true;
  try {
    const size = await writeBatched(ctx, fd, source, ctx.options.fsync);
    if (!(ctx.disk.fileModeExact ??= modeIs(await ctx.fs.fstat(fd), ctx.options.fileMode))) await ctx.fs.fchmod(fd, ctx.options.fileMode);
    if (ctx.options.fsync) await ctx.fs.fsync(fd);
    open = false;
    await ctx.fs.close(fd);
    return { path, size };
  } catch (error) {
    if (open) await ctx.fs.close(fd).catch(() => undefined);
    await removeTemp(ctx, path);
    throw error;
  }
}

/** Removes a temporary file, ignoring a file already gone. */
export async function removeTemp(ctx: LocalContext, path: string): Promise<void> {
  await ctx.fs.unlink(path).catch(() => undefined);
}

/**
 * Renames a finished temporary file over `target`: readers see the old file or the new one, never a
 * mix. Refuses to replace a directory (memfs would; Linux answers EISDIR), which is a key collision.
 */
export async function renameIntoPlace(ctx: LocalContext, temp: string, target: string, key: string): Promise<void> {
  if (!ctx.fs.native) {
    const existing = await ctx.fs.lstat(target).catch(() => undefined);
    if (existing?.isDirectory()) throw keyConflict(key);
  }
  try {
    await ctx.fs.rename(temp, target);
  } catch (error) {
    // Node's fs refuses to rename a file over a directory: EISDIR (Linux, macOS) or EPERM (Windows).
    const code = (error as { code?: string }).code;
    if ((code === 'EISDIR' || code === 'EPERM') && (await ctx.fs.lstat(target).catch(() => undefined))?.isDirectory()) throw keyConflict(key);
    throw error;
  }
}

async function openTemp(ctx: LocalContext, dir: string, dirSegments: readonly string[]): Promise<{ fd: number; path: string }> {
  // A concurrent delete may prune the folder between ensureDir and open: retry a few times.
  for (let attempt = 0; ; attempt++) {
    await ensureDir(ctx, dirSegments);
    const path = tempPath(dir);
    try {
      return { fd: await ctx.fs.open(path, 'wx', ctx.options.fileMode), path };
    } catch (error) {
      if ((error as { code?: string }).code !== 'ENOENT' || attempt >= 3) throw error;
      ctx.disk.forgetDirs();
    }
  }
}

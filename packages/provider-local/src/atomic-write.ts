import { join } from 'node:path';
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
    const size = await writeBatched(ctx, fd, source);
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

/** Bytes gathered before one write: few thread-pool round trips, and still a flat memory use. */
export const WRITE_BATCH = 1024 * 1024;

/**
 * Writes `source` to `fd` in batches of about {@link WRITE_BATCH} bytes, keeping one batch in flight while
 * the next fills, so the disk and the CPU work at the same time (what a large write buffer buys Node's
 * write streams). At most two batches are held. Stops at the first failed write.
 */
async function writeBatched(ctx: LocalContext, fd: number, source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<number> {
  let size = 0;
  let batch: Uint8Array[] = [];
  let batchBytes = 0;
  // The write in flight, settled to its error (or undefined) so that it never goes unhandled.
  let inFlight: Promise<unknown> = Promise.resolve(undefined);
  const waitForWrite = async () => {
    const error = await inFlight;
    if (error !== undefined) throw error;
  };
  const send = async () => {
    await waitForWrite();
    inFlight = ctx.fs.writeAllv(fd, batch).then(() => undefined, (error: unknown) => error ?? new Error('write failed'));
    batch = [];
    batchBytes = 0;
  };
  try {
    for await (const chunk of source) {
      batch.push(chunk);
      batchBytes += chunk.byteLength;
      size += chunk.byteLength;
      if (batchBytes >= WRITE_BATCH) await send();
    }
    if (batchBytes > 0) await send();
  } finally {
    // Never let the caller close the descriptor under a write still running in the thread pool.
    await inFlight;
  }
  await waitForWrite();
  return size;
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

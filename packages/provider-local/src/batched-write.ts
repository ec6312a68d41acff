import type { LocalContext } from './context.js';

/** Bytes gathered before one write: few thread-pool round trips, and still a flat memory use. */
export const WRITE_BATCH = 1024 * 1024;

/**
 * Bytes written between two background flushes, with the `fsync` option. Linux starts writing dirty
 * pages back on its own only past a share of RAM (gigabytes on a server), so without these the final
 * fsync of a big file would write all of it while the client waits for its answer.
 */
export const FLUSH_EVERY = 32 * 1024 * 1024;

/**
 * Writes `source` to `fd` in batches of about {@link WRITE_BATCH} bytes, keeping one batch in flight while
 * the next fills, so the disk and the CPU work at the same time (what a large write buffer buys Node's
 * write streams). At most two batches are held. With `flush`, an fsync also runs in the background
 * every {@link FLUSH_EVERY} bytes (one at a time, never waited for while bytes arrive), so the caller's
 * final fsync finds little left to write. Stops at the first failed write or flush.
 * @returns The bytes written.
 */
export async function writeBatched(ctx: LocalContext, fd: number, source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, flush: boolean): Promise<number> {
  let size = 0;
  let batch: Uint8Array[] = [];
  let batchBytes = 0;
  let unflushed = 0;
  // The write and the flush in flight, each settled to its error (or undefined) so that neither goes
  // unhandled; `flushing` is null when no flush runs.
  let inFlight: Promise<unknown> = Promise.resolve(undefined);
  let flushing: Promise<unknown> | null = null;
  let flushError: unknown;
  const settle = (work: Promise<void>) => work.then(() => undefined, (error: unknown) => error ?? new Error('write failed'));
  const waitForWrite = async () => {
    const error = await inFlight;
    if (error !== undefined) throw error;
  };
  const send = async () => {
    await waitForWrite();
    if (flushError !== undefined) throw flushError;
    inFlight = settle(ctx.fs.writeAllv(fd, batch));
    unflushed += batchBytes;
    batch = [];
    batchBytes = 0;
    if (flush && flushing === null && unflushed >= FLUSH_EVERY) {
      unflushed = 0;
      flushing = settle(ctx.fs.fsync(fd)).then((error) => {
        flushError ??= error;
        flushing = null;
      });
    }
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
    // Never let the caller close the descriptor under a write or flush still running in the thread pool.
    await inFlight;
    await flushing;
  }
  await waitForWrite();
  if (flushError !== undefined) throw flushError;
  return size;
}

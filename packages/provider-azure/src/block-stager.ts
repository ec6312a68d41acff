import type { BlockBlobClient } from '@azure/storage-blob';
import { StowageError } from '@stowage/core';
import { PROVIDER, toStowageError, type ErrorContext } from './errors.js';

/** What {@link stageBlocks} needs. */
export interface StageInput {
  /** The blob the blocks are staged on. */
  blob: BlockBlobClient;
  /** The bytes, e.g. core's metered append body. */
  body: AsyncIterable<Buffer>;
  /** Bytes per block; the last block holds the rest. */
  blockSize: number;
  /** Blocks sent at once. */
  concurrency: number;
  /** The id of the block at `index` (0 first). */
  blockId: (index: number) => string;
  /** The most blocks this body may take. */
  maxBlocks: number;
  /** Told every chunk, in order, as it is read (the digest). */
  onChunk: (chunk: Buffer) => void;
  /** The key the blocks are for, as errors name it. */
  key: string;
  errors: ErrorContext;
}

/** What was staged: the bytes and the blocks they took. */
export interface Staged {
  bytes: number;
  blocks: number;
}

/**
 * Cuts the body into blocks of `blockSize` bytes and stages each (Put Block), `concurrency` at a time.
 * Memory is `blockSize × (concurrency + 1)` at most: the block being filled and those in flight, their
 * buffers reused from block to block. Resolves once every block is staged. On any failure, of the body
 * or of a Put Block, reading stops and the call rejects after the blocks in flight have settled; what was
 * staged is never committed.
 * @throws as the body (`ABORTED`, `TOO_LARGE`…); `TOO_LARGE` past `maxBlocks`; mapped Azure errors.
 */
export async function stageBlocks(input: StageInput): Promise<Staged> {
  const { blob, blockSize, concurrency, errors } = input;
  const inFlight = new Set<Promise<void>>();
  const free: Buffer[] = [];
  let failure: unknown;
  let blocks = 0;
  let bytes = 0;

  const send = (buffer: Buffer, length: number): void => {
    if (blocks >= input.maxBlocks) {
      throw new StowageError('TOO_LARGE', `The upload would need more blocks of ${blockSize} bytes than Azure allows per blob (50,000); use a larger blockSize`, {
        key: input.key,
        provider: PROVIDER,
      });
    }
    const id = input.blockId(blocks++);
    const staged: Promise<void> = blob
      .stageBlock(id, buffer.subarray(0, length), length, errors.signal === undefined ? {} : { abortSignal: errors.signal })
      .then(
        () => void free.push(buffer),
        (error: unknown) => void (failure ??= error),
      )
      .finally(() => inFlight.delete(staged));
    inFlight.add(staged);
  };

  // A buffer to fill, once fewer than `concurrency` blocks are in flight.
  const take = async (): Promise<Buffer> => {
    while (inFlight.size >= concurrency && failure === undefined) await Promise.race(inFlight);
    if (failure !== undefined) throw failure;
    return free.pop() ?? Buffer.allocUnsafe(blockSize);
  };

  try {
    let current: Buffer | undefined;
    let filled = 0;
    for await (const chunk of input.body) {
      input.onChunk(chunk);
      bytes += chunk.length;
      for (let at = 0; at < chunk.length; ) {
        current ??= await take();
        const copied = chunk.copy(current, filled, at);
        filled += copied;
        at += copied;
        if (filled === blockSize) {
          send(current, filled);
          current = undefined;
          filled = 0;
        }
      }
    }
    if (current !== undefined && filled > 0) send(current, filled);
    await Promise.all(inFlight);
    if (failure !== undefined) throw failure;
    return { bytes, blocks };
  } catch (error) {
    await Promise.allSettled(inFlight);
    throw toStowageError(error, errors);
  }
}

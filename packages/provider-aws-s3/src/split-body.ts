import type { PartPool } from './part-pool.js';

/** One part of a body, in upload order. */
export interface BodyPart {
  /** 1-based, as S3 numbers parts. */
  number: number;
  /** The bytes to send. */
  data: Buffer;
  /** Whether no part follows. A body that fits one part is part 1 and last. */
  last: boolean;
  /** The pool buffer `data` lies in, to release once sent; absent for a body that fits one part. */
  buffer?: Buffer;
}

/**
 * Cuts a stream into parts of exactly `pool.partSize` bytes, the last one shorter or equal. A body of at
 * most one part size comes whole, in the chunks' own memory (no pool buffer is taken), so the caller can
 * send it with one `PutObject`. Otherwise every part is copied into a buffer from `pool`; the generator
 * waits for a free one, which pauses reading the source.
 *
 * A full part is handed out only once the next byte has arrived, so the last part is never empty and is
 * always marked `last`. Stopping early (`return`, or a throw) stops the source's iterator as well.
 */
export async function* splitBody(source: AsyncIterable<Uint8Array>, pool: PartPool): AsyncGenerator<BodyPart, void, undefined> {
  const { partSize } = pool;
  const iterator = source[Symbol.asyncIterator]();
  let ended = false;
  const read = async (): Promise<Uint8Array | undefined> => {
    const next = await iterator.next();
    if (next.done === true) ended = true;
    return next.done === true ? undefined : next.value;
  };
  try {
    const head: Uint8Array[] = [];
    let headLength = 0;
    while (headLength <= partSize) {
      const chunk = await read();
      if (chunk === undefined) {
        yield { number: 1, data: join(head, headLength), last: true };
        return;
      }
      head.push(chunk);
      headLength += chunk.byteLength;
    }
    let number = 1;
    let buffer = await pool.acquire();
    let filled = 0;
    for (let chunk = head.shift() ?? (await read()); chunk !== undefined; chunk = head.shift() ?? (await read())) {
      let offset = 0;
      while (offset < chunk.byteLength) {
        if (filled === partSize) {
          yield { number, data: buffer, last: false, buffer };
          number += 1;
          buffer = await pool.acquire();
          filled = 0;
        }
        const length = Math.min(partSize - filled, chunk.byteLength - offset);
        buffer.set(chunk.subarray(offset, offset + length), filled);
        filled += length;
        offset += length;
      }
    }
    yield { number, data: buffer.subarray(0, filled), last: true, buffer };
  } finally {
    if (!ended) await iterator.return?.();
  }
}

function join(chunks: Uint8Array[], length: number): Buffer {
  const [only] = chunks;
  if (chunks.length === 1 && only !== undefined) return Buffer.from(only.buffer, only.byteOffset, only.byteLength);
  return Buffer.concat(chunks, length);
}

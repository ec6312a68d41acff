import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';

/** A byte count and the SHA-256 (hex) of those bytes. */
export interface Digest {
  size: number;
  sha256: string;
}

/** A generated stream and the digest of what it yields, settled when it has yielded everything. */
export interface GeneratedStream {
  stream: Readable;
  digest: Promise<Digest>;
}

const DEFAULT_CHUNK = 64 * 1024;

/**
 * Deterministic pseudo-random bytes (xorshift32 seeded from a string): the same `seed` and offset always
 * give the same bytes, so a clause can regenerate what it uploaded instead of keeping it.
 */
export class ByteGenerator {
  #state: number;

  constructor(seed: string) {
    // FNV-1a of the seed; xorshift needs a non-zero state.
    let h = 0x811c9dc5;
    for (const ch of Buffer.from(seed, 'utf8')) h = Math.imul(h ^ ch, 0x01000193) >>> 0;
    this.#state = h || 0x9e3779b9;
  }

  /** The next `length` bytes. */
  next(length: number): Buffer {
    const words = new Uint32Array(Math.ceil(length / 4));
    let x = this.#state;
    for (let i = 0; i < words.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      words[i] = x >>> 0;
    }
    this.#state = x >>> 0;
    return Buffer.from(words.buffer, 0, length);
  }
}

/** `size` deterministic bytes, whole in memory: for small bodies only. */
export function generateBytes(size: number, seed: string): Buffer {
  return new ByteGenerator(seed).next(size);
}

/** The digest of `generateBytes(size, seed)`, computed chunk by chunk without holding the bytes. */
export function digestOf(size: number, seed: string): Digest {
  const generator = new ByteGenerator(seed);
  const hash = createHash('sha256');
  for (let done = 0; done < size; done += DEFAULT_CHUNK) hash.update(generator.next(Math.min(DEFAULT_CHUNK, size - done)));
  return { size, sha256: hash.digest('hex') };
}

/** Options of {@link generateStream}. */
export interface GenerateStreamOptions {
  /** Bytes per chunk. @default 65536 */
  chunkSize?: number;
  /** Called with the running byte count after each chunk is handed out (to abort midway, for instance). */
  onProgress?: (bytes: number) => void;
}

/**
 * A Node `Readable` of `size` deterministic bytes, generated lazily chunk by chunk (never a whole big
 * buffer), with its SHA-256 computed while generating. Its length is not announced anywhere: to the
 * provider it is a stream of unknown length unless the caller passes `size`.
 */
export function generateStream(size: number, seed: string, options: GenerateStreamOptions = {}): GeneratedStream {
  const generator = new ByteGenerator(seed);
  const hash = createHash('sha256');
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
  let sent = 0;
  let settle!: (digest: Digest) => void;
  let fail!: (error: unknown) => void;
  const digest = new Promise<Digest>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  digest.catch(() => {});
  const stream = new Readable({
    highWaterMark: chunkSize,
    read() {
      if (sent >= size) {
        settle({ size: sent, sha256: hash.digest('hex') });
        this.push(null);
        return;
      }
      const chunk = generator.next(Math.min(chunkSize, size - sent));
      sent += chunk.length;
      hash.update(chunk);
      this.push(chunk);
      options.onProgress?.(sent);
    },
    destroy(error, callback) {
      if (sent < size || error) fail(error ?? new Error('generated stream destroyed before its end'));
      callback(error);
    },
  });
  return { stream, digest };
}

/** A web `ReadableStream` of `size` deterministic bytes, generated lazily (the same bytes as {@link generateStream}). */
export function generateWebStream(size: number, seed: string, chunkSize = DEFAULT_CHUNK): ReadableStream<Uint8Array> {
  const generator = new ByteGenerator(seed);
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= size) {
        controller.close();
        return;
      }
      const chunk = generator.next(Math.min(chunkSize, size - sent));
      sent += chunk.length;
      controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    },
  });
}

/**
 * A stream that yields `failAfter` deterministic bytes, then errors with `error` (the source of an upload
 * failing midway). It never ends cleanly.
 */
export function failingStream(failAfter: number, seed: string, error: Error = new Error('source stream failed on purpose')): Readable {
  const generator = new ByteGenerator(seed);
  let sent = 0;
  return new Readable({
    highWaterMark: DEFAULT_CHUNK,
    read() {
      if (sent >= failAfter) {
        // Asynchronously, as a socket or file would: the consumer has already taken the earlier chunks.
        setTimeout(() => this.destroy(error), 5);
        return;
      }
      const chunk = generator.next(Math.min(DEFAULT_CHUNK, failAfter - sent));
      sent += chunk.length;
      this.push(chunk);
    },
  });
}

/** A body that records whether anything ever asked it for bytes. */
export interface WatchedBody {
  stream: Readable;
  /** Whether the stream was read (or piped, or consumed in any way that pulls data). */
  readonly wasRead: boolean;
}

/** A small stream that remembers whether it was ever read: for checks that must fail before the body is touched. */
export function watchedBody(size = 16, seed = 'watched'): WatchedBody {
  const state = { wasRead: false };
  const bytes = generateBytes(size, seed);
  const stream = new Readable({
    read() {
      state.wasRead = true;
      this.push(bytes);
      this.push(null);
    },
  });
  return {
    stream,
    get wasRead() {
      return state.wasRead;
    },
  };
}

/** Reads a stream (a `ReadResult.body`, say) to its end: its byte count and SHA-256, never holding it whole. */
export async function digestStream(body: AsyncIterable<unknown>): Promise<Digest> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of body) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array);
    size += bytes.byteLength;
    hash.update(bytes);
  }
  return { size, sha256: hash.digest('hex') };
}

/** The digest of bytes in memory. */
export function digestBytes(bytes: Uint8Array): Digest {
  return { size: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** Reads a small stream whole (for bodies known to be small). */
export async function readBytes(body: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

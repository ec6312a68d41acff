import { createHash } from 'node:crypto';
import { Transform, finished, type TransformCallback } from 'node:stream';
import { StowageError, isStowageError } from './errors.js';
import type { UploadInput } from './provider-types.js';

/** What {@link UploadMeter} enforces. */
export interface UploadMeterOptions {
  /** The key, for error messages. */
  key?: string;
  /** The exact byte count expected; another count fails with `INVALID_INPUT` at the end. */
  expectedSize?: number;
  /** Fails with `TOO_LARGE` as soon as the body passes this many bytes. */
  maxSize?: number;
  /**
   * The fewest bytes the body must have. Checked in `flush`, before the stream ends, so a provider that
   * commits only on a clean end stores nothing; a shorter body fails with `INVALID_INPUT` whose
   * `details.minimum` is this bound. More than `maxSize` or `expectedSize` is an `INVALID_INPUT` at once.
   */
  minSize?: number;
  /**
   * Told each chunk's length as it arrives, before the chunk goes on (and before the size checks), for
   * progress and buffer accounting. Whatever it throws fails the upload: a `StowageError` as it is,
   * anything else as `ABORTED` with the exception as cause.
   */
  onChunk?: (bytes: number) => void;
  /** The expected SHA-256 as hex; a mismatch fails with `CHECKSUM_MISMATCH` at the end. */
  sha256?: string;
  /** Fails with `ABORTED` when this aborts. */
  signal?: AbortSignal;
}

/**
 * A pass-through that counts bytes (telling `onChunk`), hashes them with SHA-256 and enforces size, minimum,
 * limit, checksum and abort.
 *
 * Every check that can only be made at the end runs in `flush`, before the stream ends: a provider that
 * commits only when its source ends cleanly (rename into place, complete a multipart upload, commit a
 * block list) therefore never commits a body that fails a check. Pipe the body through it and hand the
 * meter to the backend.
 */
export class UploadMeter extends Transform {
  #bytes = 0;
  readonly #hash = createHash('sha256');
  #digest: string | undefined;
  readonly #options: UploadMeterOptions;
  readonly #onAbort = () => this.destroy(abortError(this.#options.key, this.#options.signal?.reason));

  constructor(options: UploadMeterOptions = {}) {
    super();
    this.#options = options;
    checkCount('size', options.expectedSize, options);
    checkCount('maxSize', options.maxSize, options);
    checkCount('minSize', options.minSize, options);
    const { expectedSize, maxSize, minSize } = options;
    // Each of these is known before a byte is read: fail without consuming the body.
    if (expectedSize !== undefined && maxSize !== undefined && expectedSize > maxSize) throw tooLarge(options, { expected: expectedSize });
    if (minSize !== undefined && maxSize !== undefined && minSize > maxSize) {
      throw new StowageError('INVALID_INPUT', `Invalid minSize: ${minSize} is more than maxSize ${maxSize}, so no body can pass`, keyOf(options));
    }
    if (minSize !== undefined && expectedSize !== undefined && expectedSize < minSize) throw tooShort(options, { expected: expectedSize });
    if (options.onChunk !== undefined && typeof options.onChunk !== 'function') {
      throw new StowageError('INVALID_INPUT', 'Invalid onChunk: expected a function', keyOf(options));
    }
    if (options.sha256 !== undefined && !/^[0-9a-f]{64}$/i.test(options.sha256)) {
      throw new StowageError('INVALID_INPUT', 'Invalid sha256: expected 64 hexadecimal digits', keyOf(options));
    }
    if (options.signal?.aborted) queueMicrotask(this.#onAbort);
    else options.signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  /** Bytes seen so far. */
  get bytes(): number {
    return this.#bytes;
  }

  /** The SHA-256 of the whole body as hex; available once the stream has ended. */
  get sha256(): string | undefined {
    return this.#digest;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#bytes += chunk.length;
    const { maxSize, expectedSize, onChunk } = this.#options;
    if (onChunk !== undefined) {
      try {
        onChunk(chunk.length);
      } catch (error) {
        callback(isStowageError(error) ? error : new StowageError('ABORTED', 'The upload was stopped by its onChunk callback', { cause: error, ...keyOf(this.#options) }));
        return;
      }
    }
    if (maxSize !== undefined && this.#bytes > maxSize) {
      callback(tooLarge(this.#options, { received: this.#bytes }));
      return;
    }
    if (expectedSize !== undefined && this.#bytes > expectedSize) {
      callback(sizeError(this.#options, this.#bytes));
      return;
    }
    this.#hash.update(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    const { expectedSize, minSize, sha256 } = this.#options;
    if (expectedSize !== undefined && this.#bytes !== expectedSize) {
      callback(sizeError(this.#options, this.#bytes));
      return;
    }
    if (minSize !== undefined && this.#bytes < minSize) {
      callback(tooShort(this.#options, { received: this.#bytes }));
      return;
    }
    this.#digest = this.#hash.digest('hex');
    if (sha256 !== undefined && this.#digest !== sha256.toLowerCase()) {
      callback(new StowageError('CHECKSUM_MISMATCH', `Body SHA-256 is ${this.#digest}, expected ${sha256.toLowerCase()}`, keyOf(this.#options)));
      return;
    }
    callback();
  }

  /**
   * The SHA-256 of the whole body as hex, for the upload result.
   * @throws `ABORTED` when the body has not been read to its end (a provider returning too early).
   */
  digest(): string {
    if (this.#digest === undefined) throw new StowageError('ABORTED', 'The upload ended before its body was read to the end', keyOf(this.#options));
    return this.#digest;
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#options.signal?.removeEventListener('abort', this.#onAbort);
    callback(error);
  }
}

/** An `ABORTED` error for a cancelled call, keeping the abort reason as cause. */
export function abortError(key?: string, reason?: unknown): StowageError {
  return new StowageError('ABORTED', 'The operation was aborted', { cause: reason, ...(key === undefined ? {} : { key }) });
}

function tooLarge(options: UploadMeterOptions, bytes: { received: number } | { expected: number }): StowageError {
  const details = { limit: options.maxSize as number, ...bytes };
  return new StowageError('TOO_LARGE', `Body is larger than the limit of ${options.maxSize} bytes`, { ...keyOf(options), details });
}

// Either the count read, or the declared size when that alone rules the body out before it is read.
function tooShort(options: UploadMeterOptions, bytes: { received: number } | { expected: number }): StowageError {
  const minimum = options.minSize as number;
  const message = 'received' in bytes ? `Body is ${bytes.received} bytes` : `Body is declared as ${bytes.expected} bytes`;
  return new StowageError('INVALID_INPUT', `${message}, shorter than the minimum of ${minimum} bytes`, { ...keyOf(options), details: { minimum, ...bytes } });
}

function checkCount(name: string, value: number | undefined, options: UploadMeterOptions): void {
  if (value === undefined || (Number.isSafeInteger(value) && value >= 0)) return;
  throw new StowageError('INVALID_INPUT', `Invalid ${name}: expected a non-negative integer`, keyOf(options));
}

function sizeError(options: UploadMeterOptions, bytes: number): StowageError {
  const expected = options.expectedSize as number;
  return new StowageError('INVALID_INPUT', `Body is ${bytes > expected ? 'longer' : 'shorter'} than the declared size of ${expected} bytes`, {
    ...keyOf(options),
    details: { expected, received: bytes },
  });
}

function keyOf(options: UploadMeterOptions): { key?: string } {
  return options.key === undefined ? {} : { key: options.key };
}

/**
 * The fields of an upload that {@link meterUpload} enforces (`size` becomes the meter's `expectedSize`),
 * and the key for its error messages. An `UploadInput` is one: providers hand over the whole input,
 * `meterUpload(body, { ...input, key })`, so that a field the meter learns later needs no change in them.
 */
export type MeteredInput = Pick<UploadInput, 'size' | 'maxSize' | 'minSize' | 'sha256' | 'signal' | 'onChunk'> & { key?: string };

/**
 * Pipes an upload's body through a new {@link UploadMeter} configured from the upload input. A source
 * stream that fails or closes midway destroys the meter with `ABORTED` (the source's error as cause), and
 * a meter destroyed by its consumer (or failing a check) stops the source.
 * @throws `INVALID_INPUT` for a bad `size`, `maxSize`, `minSize`, `sha256` or `onChunk`, a `minSize` above
 *   `maxSize` or `size`, or a body already ended or destroyed; `TOO_LARGE` when `size` exceeds `maxSize`.
 *   The body is left untouched then.
 */
export function meterUpload(body: NodeJS.ReadableStream & { destroy?: (error?: Error) => void }, input: MeteredInput): UploadMeter {
  const state = body as { readableEnded?: boolean; destroyed?: boolean };
  if (state.readableEnded === true || state.destroyed === true) {
    // Reading it would wait forever for an end that already happened.
    throw new StowageError('INVALID_INPUT', 'Invalid upload body: the stream has already been read or destroyed', keyOf(input));
  }
  // Picked one by one: the input is usually a whole UploadInput, body and metadata included. The meter
  // treats an undefined option as absent.
  const meter = new UploadMeter({
    key: input.key,
    expectedSize: input.size,
    maxSize: input.maxSize,
    minSize: input.minSize,
    sha256: input.sha256,
    signal: input.signal,
    onChunk: input.onChunk,
  });
  // Providers often await something (open a temp file, start a request) before consuming the meter; a check
  // failing in that gap must not surface as an uncaught 'error'. Consumers still see it: an errored stream
  // rejects iteration and fails `pipeline`.
  meter.on('error', () => {});
  // A hand-written pump rather than `pipe`: a chunk that is not bytes (an object-mode source) would make
  // `meter.write` throw inside the source's 'data' event, an uncaught exception that `pipe` cannot catch.
  const onData = (chunk: unknown) => {
    if (typeof chunk !== 'string' && !(chunk instanceof Uint8Array)) {
      meter.destroy(new StowageError('INVALID_INPUT', 'Invalid upload body: the stream must yield bytes (Buffer, Uint8Array) or strings', keyOf(input)));
    } else if (!meter.write(chunk)) {
      body.pause();
    }
  };
  const onDrain = () => body.resume();
  const onEnd = () => meter.end();
  body.on('data', onData);
  body.once('end', onEnd);
  meter.on('drain', onDrain);
  // `finished` also reports a source that closes without ending (a dropped connection) and keeps an
  // 'error' listener on it for good, so that destroying it below never raises an unhandled error.
  finished(body, { writable: false }, (error) => {
    if (error) meter.destroy(isStowageError(error) ? error : abortError(input.key, error));
  });
  meter.once('close', () => {
    body.removeListener('data', onData);
    body.removeListener('end', onEnd);
    meter.removeListener('drain', onDrain);
    if (!meter.writableFinished) body.destroy?.();
  });
  return meter;
}

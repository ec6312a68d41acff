import { Transform, type TransformCallback } from 'node:stream';
import type { BufferRelease } from '../http/buffer-release.js';
import { HttpError } from '../http/http-status.js';

/**
 * Counts a file's bytes on their way to the provider and enforces the bucket's size bounds. Both checks
 * fail the stream before it ends (the minimum in `flush`), so a provider that commits only on a clean end
 * stores nothing. It does not hash: the provider's meter already does, and reports the SHA-256.
 */
export class ByteGuard extends Transform {
  #bytes = 0;
  readonly #field: string;
  readonly #min: number;
  readonly #max: number;
  readonly #buffers: BufferRelease | undefined;

  constructor(options: { field: string; min: number; max: number; buffers?: BufferRelease }) {
    super();
    this.#field = options.field;
    this.#min = options.min;
    this.#max = options.max;
    this.#buffers = options.buffers;
  }

  get bytes(): number {
    return this.#bytes;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#bytes += chunk.length;
    this.#buffers?.received(chunk.length);
    if (this.#bytes > this.#max) {
      callback(new HttpError('TOO_LARGE', `Invalid ${this.#field}: the file must be at most ${this.#max} bytes`, { field: this.#field, limit: this.#max }));
      return;
    }
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.#bytes < this.#min) {
      callback(new HttpError('INVALID_INPUT', `Invalid ${this.#field}: the file must be at least ${this.#min} bytes, got ${this.#bytes}`, { field: this.#field, minimum: this.#min }));
      return;
    }
    callback();
  }
}

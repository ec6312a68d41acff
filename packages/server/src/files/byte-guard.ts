import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { HttpError } from '../http/http-status.js';

/**
 * Counts and hashes a file's bytes on their way to the provider and enforces the bucket's size bounds.
 * Both checks fail the stream before it ends (the minimum in `flush`), so a provider that commits only
 * on a clean end stores nothing.
 */
export class ByteGuard extends Transform {
  #bytes = 0;
  readonly #hash = createHash('sha256');
  #digest: string | undefined;
  readonly #field: string;
  readonly #min: number;
  readonly #max: number;

  constructor(options: { field: string; min: number; max: number }) {
    super();
    this.#field = options.field;
    this.#min = options.min;
    this.#max = options.max;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** The SHA-256 of the whole file, hex; once the stream has ended. */
  get sha256(): string | undefined {
    return this.#digest;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#bytes += chunk.length;
    if (this.#bytes > this.#max) {
      callback(new HttpError(413, `Invalid ${this.#field}: the file must be at most ${this.#max} bytes`, { field: this.#field, limit: this.#max }));
      return;
    }
    this.#hash.update(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.#bytes < this.#min) {
      callback(new HttpError(400, `Invalid ${this.#field}: the file must be at least ${this.#min} bytes, got ${this.#bytes}`, { field: this.#field, minimum: this.#min }));
      return;
    }
    this.#digest = this.#hash.digest('hex');
    callback();
  }
}

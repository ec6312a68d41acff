import { Readable } from 'node:stream';
import { abortError } from '@stowage/core';
import { mapFsError } from './errors.js';
import type { FsAdapter } from './fs-adapter.js';

const CHUNK = 64 * 1024;

/** What {@link FileReader} reads. */
export interface FileReaderOptions {
  fs: FsAdapter;
  /** An open descriptor; the reader owns it and closes it when it ends or is destroyed. */
  fd: number;
  /** First byte. */
  start: number;
  /** Last byte, inclusive; below `start` for an empty read. */
  end: number;
  key: string;
  signal?: AbortSignal;
}

/**
 * Streams bytes `start..end` of an open file through the injected fs, 64 KiB at a time, with backpressure.
 * Reading from a descriptor (not a path) pins the file that was opened: a concurrent overwrite renames a
 * new file into place and this stream keeps serving the old, complete one.
 */
export class FileReader extends Readable {
  readonly #o: FileReaderOptions;
  #position: number;
  #closed = false;
  readonly #onAbort = () => this.destroy(abortError(this.#o.key, this.#o.signal?.reason));

  constructor(options: FileReaderOptions) {
    super({ highWaterMark: CHUNK });
    this.#o = options;
    this.#position = options.start;
    if (options.signal?.aborted) queueMicrotask(this.#onAbort);
    else options.signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  override _read(): void {
    const remaining = this.#o.end - this.#position + 1;
    if (remaining <= 0) {
      this.push(null);
      return;
    }
    this.#o.fs.read(this.#o.fd, Math.min(CHUNK, remaining), this.#position).then(
      (bytes) => {
        if (this.destroyed) return;
        if (bytes.byteLength === 0) {
          this.destroy(mapFsError(Object.assign(new Error('The file ended early'), { code: 'EIO' }), 'read', this.#o.key));
          return;
        }
        this.#position += bytes.byteLength;
        this.push(bytes);
      },
      (error: unknown) => this.destroy(mapFsError(error, 'read', this.#o.key)),
    );
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#o.signal?.removeEventListener('abort', this.#onAbort);
    if (this.#closed) {
      callback(error);
      return;
    }
    this.#closed = true;
    this.#o.fs.close(this.#o.fd).then(
      () => callback(error),
      () => callback(error),
    );
  }
}

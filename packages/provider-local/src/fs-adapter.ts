import type { Dirent, Stats } from 'node:fs';
import type { FsLike } from './options.js';

/**
 * Promise wrappers over the injected callback-style `fs`. Each call looks the method up on the object at
 * call time, so a spy installed on the injected fs after the provider was created still sees it.
 */
export class FsAdapter {
  /**
   * @param native Whether `fs` is Node's own: its errors are then the operating system's (a rename over a
   *   directory fails instead of replacing it, as memfs does).
   */
  constructor(
    readonly fs: FsLike,
    readonly native = false,
  ) {}

  #call<T>(method: keyof FsLike, ...args: unknown[]): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      try {
        (this.fs[method] as (...a: unknown[]) => void)(...args, (error: unknown, value: T) => {
          if (error) reject(error);
          else resolve(value);
        });
      } catch (error) {
        // memfs validates arguments synchronously and throws instead of calling back.
        reject(error);
      }
    });
  }

  open(path: string, flags: string | number, mode?: number): Promise<number> {
    return mode === undefined ? this.#call('open', path, flags) : this.#call('open', path, flags, mode);
  }

  close(fd: number): Promise<void> {
    return this.#call('close', fd);
  }

  /** Reads up to `length` bytes at `position` into a fresh buffer; returns the bytes read. */
  async read(fd: number, length: number, position: number): Promise<Buffer> {
    const buffer = Buffer.allocUnsafe(length);
    const bytesRead = await new Promise<number>((resolve, reject) => {
      try {
        this.fs.read(fd, buffer, 0, length, position, (error: unknown, n: number) => (error ? reject(error) : resolve(n)));
      } catch (error) {
        reject(error);
      }
    });
    return bytesRead === length ? buffer : buffer.subarray(0, bytesRead);
  }

  /** Writes all of `chunk` at the current position, looping over short writes. */
  async writeAll(fd: number, chunk: Uint8Array): Promise<void> {
    let offset = 0;
    while (offset < chunk.byteLength) {
      const written = await this.#call<number>('write', fd, chunk, offset, chunk.byteLength - offset, null);
      offset += written;
    }
  }

  /** Writes all of `chunks` in order at the current position: one `writev` when the fs has it. */
  async writeAllv(fd: number, chunks: readonly Uint8Array[]): Promise<void> {
    if (typeof this.fs.writev !== 'function' || chunks.length === 1) {
      for (const chunk of chunks) await this.writeAll(fd, chunk);
      return;
    }
    let pending = chunks;
    while (pending.length > 0) {
      let written = await this.#call<number>('writev', fd, pending, null);
      // A short write: drop what was written and go on with the rest.
      let index = 0;
      while (index < pending.length && written >= (pending[index] as Uint8Array).byteLength) written -= (pending[index++] as Uint8Array).byteLength;
      pending = index < pending.length && written > 0 ? [(pending[index] as Uint8Array).subarray(written), ...pending.slice(index + 1)] : pending.slice(index);
    }
  }

  fsync(fd: number): Promise<void> {
    return this.#call('fsync', fd);
  }

  /** Cuts the file to `length` bytes (the injected fs must have `ftruncate`). */
  ftruncate(fd: number, length: number): Promise<void> {
    return this.#call('ftruncate', fd, length);
  }

  fchmod(fd: number, mode: number): Promise<void> {
    return this.#call('fchmod', fd, mode);
  }

  fstat(fd: number): Promise<Stats> {
    return this.#call('fstat', fd);
  }

  stat(path: string): Promise<Stats> {
    return this.#call('stat', path);
  }

  lstat(path: string): Promise<Stats> {
    return this.#call('lstat', path);
  }

  mkdir(path: string, mode: number): Promise<void> {
    return this.#call('mkdir', path, { mode });
  }

  chmod(path: string, mode: number): Promise<void> {
    return this.#call('chmod', path, mode);
  }

  rename(from: string, to: string): Promise<void> {
    return this.#call('rename', from, to);
  }

  unlink(path: string): Promise<void> {
    return this.#call('unlink', path);
  }

  rmdir(path: string): Promise<void> {
    return this.#call('rmdir', path);
  }

  readdir(path: string): Promise<Dirent[]> {
    return this.#call('readdir', path, { withFileTypes: true });
  }

  /** Reads a small file whole (metadata sidecars only; objects are always streamed). */
  async readSmallFile(path: string, limit: number): Promise<Buffer> {
    const fd = await this.open(path, 'r');
    try {
      const { size } = await this.fstat(fd);
      if (size > limit) throw Object.assign(new Error(`File is larger than ${limit} bytes`), { code: 'EFBIG' });
      const parts: Buffer[] = [];
      for (let position = 0; position < size; ) {
        const part = await this.read(fd, size - position, position);
        if (part.byteLength === 0) break;
        parts.push(part);
        position += part.byteLength;
      }
      return Buffer.concat(parts);
    } finally {
      await this.close(fd).catch(() => undefined);
    }
  }

  /** fsyncs a directory so a rename in it is durable; platforms that cannot (Windows) are ignored. */
  async fsyncDir(path: string): Promise<void> {
    let fd: number;
    try {
      fd = await this.open(path, 'r');
    } catch {
      return;
    }
    try {
      await this.fsync(fd);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== 'EINVAL' && code !== 'EISDIR' && code !== 'EPERM' && code !== 'EBADF') throw error;
    } finally {
      await this.close(fd).catch(() => undefined);
    }
  }
}

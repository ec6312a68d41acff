/**
 * What one provider instance has learnt of the disk, so that a write does not repeat system calls whose
 * answer it already knows (a `mkdir` of a folder it made, a `chmod` the umask made unnecessary): for small
 * files the calls, each a system call and a thread-pool round trip, are much of the cost.
 */
export class DiskFacts {
  /** Upper bound of remembered directories; past it the set starts over. */
  static readonly LIMIT = 10_000;
  readonly #dirs = new Set<string>();
  /**
   * Whether `mkdir`/`open` with `dirMode`/`fileMode` already give exactly those modes (the umask does not
   * narrow them), learnt from the first directory and file made; `undefined` until then.
   */
  dirModeExact: boolean | undefined;
  fileModeExact: boolean | undefined;

  /** Whether `path` is known to be a directory. */
  hasDir(path: string): boolean {
    return this.#dirs.has(path);
  }

  rememberDir(path: string): void {
    if (this.#dirs.size >= DiskFacts.LIMIT) this.#dirs.clear();
    this.#dirs.add(path);
  }

  /** This process removed `path` (after a delete). */
  forgetDir(path: string): void {
    this.#dirs.delete(path);
  }

  /** Something else removed directories behind our back (another process sharing the root). */
  forgetDirs(): void {
    this.#dirs.clear();
  }
}

/** Whether the permission bits of `stats` are exactly `mode`. */
export function modeIs(stats: { mode: number }, mode: number): boolean {
  return (stats.mode & 0o7777) === mode;
}

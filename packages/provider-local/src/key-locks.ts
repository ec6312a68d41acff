/**
 * In-process mutual exclusion per key. An object and its sidecar are two files renamed one after the
 * other; two uploads to the same key must not interleave those renames, or the object of one would end up
 * with the sidecar of the other. (Across processes the last rename of each file wins; see the README.)
 */
export class KeyLocks {
  readonly #tails = new Map<string, Promise<void>>();

  /** Runs `task` once every earlier task for `key` has settled. */
  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => current);
    this.#tails.set(key, tail);
    try {
      await previous;
      return await task();
    } finally {
      release();
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }
}

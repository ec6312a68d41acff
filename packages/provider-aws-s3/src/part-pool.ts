/**
 * A fixed set of part buffers, reused from one part to the next. Allocating a fresh 5 MiB Buffer per part
 * (what lib-storage's `Upload` does for a stream body) makes V8 run a full collection every few parts,
 * since it counts those Buffers as external memory; reusing a handful costs no collections at all.
 *
 * `acquire` waits while every buffer is out, which is what bounds the parts in flight. A buffer may hold
 * bytes of an earlier part: send only the span that was filled.
 */
export class PartPool {
  readonly #free: Buffer[] = [];
  readonly #waiting: { resolve: (buffer: Buffer) => void; reject: (error: unknown) => void }[] = [];
  #created = 0;
  #failure: { error: unknown } | undefined;

  /**
   * @param partSize Bytes per buffer.
   * @param capacity Buffers at most; they are allocated on first need, so a body that turns out small
   *   costs only the ones it used.
   */
  constructor(
    readonly partSize: number,
    readonly capacity: number,
  ) {}

  /** A free buffer, once one is free. Rejects with the failure once {@link fail} was called. */
  acquire(): Promise<Buffer> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure.error);
    const free = this.#free.pop();
    if (free !== undefined) return Promise.resolve(free);
    if (this.#created < this.capacity) {
      this.#created += 1;
      // Outside Node's shared slab: a long-lived part buffer must not pin a slab of small allocations.
      return Promise.resolve(Buffer.allocUnsafeSlow(this.partSize));
    }
    return new Promise((resolve, reject) => this.#waiting.push({ resolve, reject }));
  }

  /** Hands a buffer back once nothing reads it any more (its part request has settled). */
  release(buffer: Buffer): void {
    const waiter = this.#waiting.shift();
    if (waiter !== undefined) waiter.resolve(buffer);
    else this.#free.push(buffer);
  }

  /** Stops the pool: waiting and later `acquire` calls reject with `error`. */
  fail(error: unknown): void {
    this.#failure ??= { error };
    for (const waiter of this.#waiting.splice(0)) waiter.reject(error);
  }

  /** Buffers allocated so far. */
  get allocated(): number {
    return this.#created;
  }
}

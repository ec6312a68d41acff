import { HttpError } from '../http/http-status.js';

/** How many transforms run at once, how many may wait, and for how long. */
export interface QueueLimits {
  concurrency: number;
  queueLimit: number;
  /** Milliseconds. */
  queueTimeout: number;
}

/**
 * Caps the transforms running at once: libvips' memory is per image, so the cap bounds the process's.
 * A request past the cap waits in line; one that finds the line full, or waits too long, answers 503
 * with `Retry-After` instead of piling up memory and sockets.
 */
export class TransformQueue {
  readonly #limits: QueueLimits;
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(limits: QueueLimits) {
    this.#limits = limits;
  }

  /** Runs `task` once a slot is free. @throws `HttpError` 503 (`UNAVAILABLE`) when the line is full or the wait too long. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    // A finishing task hands its slot straight to the next in line, so no newcomer can slip in between.
    if (this.#running >= this.#limits.concurrency) await this.#wait();
    else this.#running += 1;
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next === undefined) this.#running -= 1;
      else next();
    }
  }

  /** Transforms running now and waiting, for metrics and tests. */
  get load(): { running: number; waiting: number } {
    return { running: this.#running, waiting: this.#waiting.length };
  }

  #wait(): Promise<void> {
    if (this.#waiting.length >= this.#limits.queueLimit) return Promise.reject(busy(`${this.#limits.queueLimit} transforms are already waiting`));
    return new Promise<void>((resolve, reject) => {
      const turn = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        const at = this.#waiting.indexOf(turn);
        if (at >= 0) this.#waiting.splice(at, 1);
        reject(busy(`no transform slot came free within ${this.#limits.queueTimeout} ms`));
      }, this.#limits.queueTimeout);
      this.#waiting.push(turn);
    });
  }
}

function busy(why: string): HttpError {
  const seconds = 1;
  return new HttpError('UNAVAILABLE', `Image transforms are busy: ${why}; retry in ${seconds} s`, undefined, { headers: { 'retry-after': String(seconds) } });
}

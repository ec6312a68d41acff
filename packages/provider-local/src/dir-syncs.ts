import type { FsAdapter } from './fs-adapter.js';

/** One folder's fsyncs: the one running, and the one queued behind it (not started yet). */
interface DirState {
  running: Promise<void>;
  queued: Promise<void> | undefined;
}

/**
 * Folder fsyncs shared between concurrent writes (group commit). A rename is durable once an fsync of
 * its folder that started after the rename has finished, and one such fsync covers every rename made in
 * that folder before it started. So a caller joins the queued fsync when there is one; else, when an
 * fsync is running (it may have started before the caller's rename), it queues the next one, shared by
 * everyone who asks meanwhile. Many small uploads into one folder then cost a few fsyncs, not one (and
 * an open and a close, each a thread-pool round trip) per upload.
 */
export class DirSyncs {
  readonly #fs: FsAdapter;
  readonly #dirs = new Map<string, DirState>();

  constructor(fs: FsAdapter) {
    this.#fs = fs;
  }

  /**
   * Resolves once an fsync of the folder `path` that started after this call has finished (see
   * `FsAdapter.fsyncDir`); rejects with that fsync's error.
   */
  sync(path: string): Promise<void> {
    const state = this.#dirs.get(path);
    if (state === undefined) {
      const created: DirState = { running: Promise.resolve(), queued: undefined };
      this.#dirs.set(path, created);
      created.running = this.#fsync(path, created);
      return created.running;
    }
    if (state.queued === undefined) {
      const queued: Promise<void> = state.running.then(noop, noop).then(() => {
        // Started now: later callers may have renamed after this point, so they queue another one.
        state.queued = undefined;
        state.running = queued;
        return this.#fsync(path, state);
      });
      state.queued = queued;
    }
    return state.queued;
  }

  #fsync(path: string, state: DirState): Promise<void> {
    return this.#fs.fsyncDir(path).finally(() => {
      if (state.queued === undefined && this.#dirs.get(path) === state) this.#dirs.delete(path);
    });
  }
}

function noop(): void {}

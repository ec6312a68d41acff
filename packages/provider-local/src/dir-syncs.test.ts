import { describe, expect, it } from 'vitest';
import { DirSyncs } from './dir-syncs.js';
import type { FsAdapter } from './fs-adapter.js';

/** A folder fsync the test finishes by hand, in the order they started. */
function controlledFs() {
  const started: { path: string; finish: (error?: Error) => void }[] = [];
  const fs = {
    fsyncDir: (path: string) =>
      new Promise<void>((resolve, reject) => {
        started.push({ path, finish: (error) => (error === undefined ? resolve() : reject(error)) });
      }),
  } as unknown as FsAdapter;
  return { fs, started };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Settles `promise` into a flag the test can look at. */
function track(promise: Promise<void>) {
  const state = { done: false, error: undefined as unknown };
  promise.then(
    () => (state.done = true),
    (error: unknown) => {
      state.done = true;
      state.error = error;
    },
  );
  return state;
}

describe('DirSyncs', () => {
  it('fsyncs a folder at once when no fsync of it runs', async () => {
    const { fs, started } = controlledFs();
    const syncs = new DirSyncs(fs);
    const first = track(syncs.sync('/r/a'));
    expect(started.map((s) => s.path)).toEqual(['/r/a']);
    started[0]?.finish();
    await tick();
    expect(first.done).toBe(true);
  });

  it('never resolves a caller with an fsync that started before it asked', async () => {
    const { fs, started } = controlledFs();
    const syncs = new DirSyncs(fs);
    const first = track(syncs.sync('/r/a'));
    const second = track(syncs.sync('/r/a'));
    started[0]?.finish();
    await tick();
    expect(first.done).toBe(true);
    expect(second.done).toBe(false);
    expect(started).toHaveLength(2);
    started[1]?.finish();
    await tick();
    expect(second.done).toBe(true);
  });

  it('shares one queued fsync between every caller that asks while one runs', async () => {
    const { fs, started } = controlledFs();
    const syncs = new DirSyncs(fs);
    track(syncs.sync('/r/a'));
    const waiting = [track(syncs.sync('/r/a')), track(syncs.sync('/r/a')), track(syncs.sync('/r/a'))];
    expect(started).toHaveLength(1);
    started[0]?.finish();
    await tick();
    expect(started).toHaveLength(2);
    // Asked while the shared one runs: it may have started before this caller's rename.
    const late = track(syncs.sync('/r/a'));
    started[1]?.finish();
    await tick();
    expect(waiting.every((w) => w.done && w.error === undefined)).toBe(true);
    expect(late.done).toBe(false);
    expect(started).toHaveLength(3);
    started[2]?.finish();
    await tick();
    expect(late.done).toBe(true);
    // All settled: the next caller starts a new fsync.
    track(syncs.sync('/r/a'));
    expect(started).toHaveLength(4);
  });

  it('keeps folders apart', async () => {
    const { fs, started } = controlledFs();
    const syncs = new DirSyncs(fs);
    const a = track(syncs.sync('/r/a'));
    const b = track(syncs.sync('/r/b'));
    expect(started.map((s) => s.path)).toEqual(['/r/a', '/r/b']);
    started[1]?.finish();
    await tick();
    expect(b.done).toBe(true);
    expect(a.done).toBe(false);
  });

  it('rejects every caller of a failed fsync, and starts afresh after it', async () => {
    const { fs, started } = controlledFs();
    const syncs = new DirSyncs(fs);
    const first = track(syncs.sync('/r/a'));
    const queued = [track(syncs.sync('/r/a')), track(syncs.sync('/r/a'))];
    const eio = Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
    started[0]?.finish(eio);
    await tick();
    expect(first.error).toBe(eio);
    // The queued fsync still runs: the failure of an earlier one says nothing of the later renames.
    expect(started).toHaveLength(2);
    started[1]?.finish(eio);
    await tick();
    expect(queued.map((q) => q.error)).toEqual([eio, eio]);
    const next = track(syncs.sync('/r/a'));
    expect(started).toHaveLength(3);
    started[2]?.finish();
    await tick();
    expect(next).toEqual({ done: true, error: undefined });
  });
});

import { join } from 'node:path';
import type { Parsed__PASCAL_NAME__Options } from './options.js';

/**
 * What every operation of one instance shares. With a real backend this holds the SDK client, the
 * bucket name and the parsed options.
 */
export interface Context {
  /** The parsed options. */
  options: Parsed__PASCAL_NAME__Options;
  /** `<root>/records`: one JSON record per key, the commit point of each object. */
  records: string;
  /** `<root>/blobs`: immutable files of bytes, named at random. */
  blobs: string;
  /** `<root>/tmp`: writes in progress, renamed into place when complete. */
  tmp: string;
  /** Commits in progress, per record file, so two writers of one key take turns. */
  locks: Map<string, Promise<unknown>>;
}

/** The context of a store rooted at `root` (an absolute path). */
export function createContext(root: string, options: Parsed__PASCAL_NAME__Options): Context {
  return { options, records: join(root, 'records'), blobs: join(root, 'blobs'), tmp: join(root, 'tmp'), locks: new Map() };
}

/** Runs `task` once every earlier task holding the same `name` has settled. */
export async function withLock<T>(ctx: Context, name: string, task: () => Promise<T>): Promise<T> {
  const previous = ctx.locks.get(name) ?? Promise.resolve();
  const current = previous.catch(() => undefined).then(task);
  ctx.locks.set(name, current);
  try {
    return await current;
  } finally {
    if (ctx.locks.get(name) === current) ctx.locks.delete(name);
  }
}

import { StowageError } from '@stowage/core';
import { closedError, PROVIDER_NAME } from './errors.js';
import type { FsAdapter } from './fs-adapter.js';
import type { KeyLocks } from './key-locks.js';
import type { DirSyncs } from './dir-syncs.js';
import type { DiskFacts } from './disk-facts.js';
import type { ParsedLocalOptions } from './options.js';

/** What every operation of one provider instance shares. */
export interface LocalContext {
  /** The absolute root directory. */
  readonly root: string;
  /** The injected (or Node's) file system. */
  readonly fs: FsAdapter;
  /** The parsed options, defaults applied. */
  readonly options: ParsedLocalOptions;
  /** Serializes the commit step per key inside this process. */
  readonly locks: KeyLocks;
  /** Directories known to exist and whether the umask narrows modes, to skip redundant calls. */
  readonly disk: DiskFacts;
  /** Folder fsyncs, shared between concurrent writes (with the `fsync` option). */
  readonly dirSyncs: DirSyncs;
  /** Set by `close`. */
  closed: boolean;
}

/** Throws when the provider was closed. */
export function assertOpen(ctx: LocalContext): void {
  if (ctx.closed) throw closedError();
}

/** Throws `ABORTED` when `signal` has aborted. */
export function throwIfAborted(signal: AbortSignal | undefined, key?: string): void {
  if (signal?.aborted) {
    throw new StowageError('ABORTED', 'The operation was aborted', {
      cause: signal.reason,
      provider: PROVIDER_NAME,
      ...(key === undefined ? {} : { key }),
    });
  }
}

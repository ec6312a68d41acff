import type { StowageContext } from '../context.js';
import type { FileRecord } from '../store/records.js';

/**
 * Asks every mounted family what it must clean up when `file` is deleted (see `FileHooks`), before
 * the record goes; answers the clean-up to run once it is gone.
 */
export async function prepareFileDeletion(context: StowageContext, file: FileRecord): Promise<() => Promise<void>> {
  const cleanups: (() => Promise<void>)[] = [];
  for (const { hooks } of context.families) {
    const cleanup = await hooks.onFileDelete?.(file);
    if (cleanup !== undefined) cleanups.push(cleanup);
  }
  return async () => {
    for (const cleanup of cleanups) await cleanup();
  };
}

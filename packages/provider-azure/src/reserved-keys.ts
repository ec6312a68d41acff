import { StowageError } from '@stowage/core';
import { PROVIDER } from './errors.js';

/**
 * The folder (first key segment, under `rootPath`) where resumable uploads keep their markers. Keys in it
 * belong to the provider: users cannot write, read or list them.
 */
export const RESUMABLE_FOLDER = '.stowage-resumable';

/** Whether a key (normalized, without `rootPath`) lies in a folder the provider keeps for itself. */
export function isReservedKey(key: string): boolean {
  return key === RESUMABLE_FOLDER || key.startsWith(`${RESUMABLE_FOLDER}/`);
}

/**
 * Refuses a key of the provider's own folder, so that no upload, copy or delete can touch a resumable
 * upload's marker and no read can show one.
 * @throws `INVALID_KEY`.
 */
export function refuseReservedKey(key: string): void {
  if (isReservedKey(key)) {
    throw new StowageError('INVALID_KEY', `Invalid key: its first segment "${RESUMABLE_FOLDER}" is reserved for the markers of resumable uploads`, {
      key,
      provider: PROVIDER,
    });
  }
}

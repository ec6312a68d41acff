import { StowageError } from '@stowage/core';

/**
 * The first key segment under which resumable uploads keep their pieces (below `rootPath`). User keys may
 * not start with it, and `list` hides it, so a piece can neither be overwritten nor seen.
 */
export const RESUMABLE_SEGMENT = '.stowage-resumable';

/**
 * Refuses a normalized key whose first segment is {@link RESUMABLE_SEGMENT}.
 * @throws `INVALID_KEY`.
 */
export function refuseReservedKey(key: string): void {
  if (isReserved(key)) {
    throw new StowageError('INVALID_KEY', `Invalid key: its first segment must not be "${RESUMABLE_SEGMENT}" (reserved by the aws-s3 provider for resumable uploads)`, { key, provider: 'aws-s3' });
  }
}

/** Whether a key (without `rootPath`) lies in the reserved folder. */
export function isReserved(key: string): boolean {
  return key === RESUMABLE_SEGMENT || key.startsWith(`${RESUMABLE_SEGMENT}/`);
}

/** Where one resumable upload keeps its manifest and pieces, as stored keys. */
export interface ResumablePaths {
  /** The folder of the upload, ending with `/`: everything in it goes on complete and abort. */
  folder: string;
  /** The manifest: the target key and what the object is stored with. Its presence is the upload's. */
  manifest: string;
  /** The stored key of a piece named `name`. */
  piece(name: string): string;
}

/** The stored keys of upload `id`, under `rootPath` when there is one. */
export function resumablePaths(rootPath: string | undefined, id: string): ResumablePaths {
  const folder = `${rootPath === undefined ? '' : `${rootPath}/`}${RESUMABLE_SEGMENT}/${id}/`;
  return { folder, manifest: `${folder}upload.json`, piece: (name) => `${folder}${name}` };
}

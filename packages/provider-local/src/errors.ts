import { isStowageError, StowageError } from '@stowage/core';

/** The provider's name, as in its manifest. */
export const PROVIDER_NAME = 'local';

/** What the failing call was doing: the same errno means different things to a read and a write. */
export type FsOperation = 'read' | 'write' | 'delete' | 'list' | 'check';

/**
 * The one place that turns file-system errors into Stowage errors. StowageErrors pass through unchanged.
 *
 * - `ENOENT`, `ENOTDIR` on reads: `NOT_FOUND` (a missing file, or a key whose "folder" is a file).
 *   On writes they mean the root vanished: `UNAVAILABLE`, not retryable.
 * - `EISDIR`, `ENOTDIR`, `EEXIST` on writes: the key collides with another key's folder (see the README).
 * - `EACCES`, `EPERM`, `EROFS`: `ACCESS_DENIED`.
 * - `ENAMETOOLONG`: `INVALID_KEY` (a segment longer than the file system allows, usually 255 bytes).
 * - `ENOSPC`, `EDQUOT`: `UNAVAILABLE`, not retryable (the same call fails until space is freed).
 * - `EMFILE`, `ENFILE`, `EAGAIN`, `EBUSY`, `EIO`, `ETIMEDOUT` and anything else: `UNAVAILABLE`, retryable.
 * - `AbortError`: `ABORTED`.
 */
export function mapFsError(error: unknown, operation: FsOperation, key?: string): StowageError {
  if (isStowageError(error)) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const base = { cause: error, provider: PROVIDER_NAME, ...(key === undefined ? {} : { key }) };
  const about = key === undefined ? '' : ` for key "${key}"`;
  if ((error as { name?: unknown } | null)?.name === 'AbortError') {
    return new StowageError('ABORTED', 'The operation was aborted', base);
  }
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      if (operation === 'read' || operation === 'delete') return new StowageError('NOT_FOUND', `No object${about}`, base);
      if (code === 'ENOTDIR' && operation === 'write') return keyConflict(key, error);
      return new StowageError('UNAVAILABLE', `The storage directory is missing (${code})${about}`, { ...base, retryable: false });
    case 'EISDIR':
    case 'EEXIST':
    case 'ENOTEMPTY':
      if (operation === 'read') return new StowageError('NOT_FOUND', `No object${about}`, base);
      return keyConflict(key, error);
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new StowageError('ACCESS_DENIED', `The file system refused access (${code})${about}`, base);
    case 'ENAMETOOLONG':
      return new StowageError('INVALID_KEY', `A segment of the key is longer than the file system allows${about}`, base);
    case 'ENOSPC':
    case 'EDQUOT':
      return new StowageError('UNAVAILABLE', `The disk is full (${code})${about}`, { ...base, retryable: false });
    default:
      return new StowageError('UNAVAILABLE', `File system error (${typeof code === 'string' ? code : 'unknown'})${about}`, base);
  }
}

/**
 * A key that cannot be stored because a file cannot also be a directory: `a` and `a/b` cannot both exist.
 */
export function keyConflict(key: string | undefined, cause?: unknown): StowageError {
  return new StowageError(
    'INVALID_KEY',
    `Invalid key${key === undefined ? '' : ` "${key}"`}: it collides with another key (on the local disk a key cannot be both an object and a folder of other keys, e.g. "a" and "a/b")`,
    { cause, provider: PROVIDER_NAME, ...(key === undefined ? {} : { key }) },
  );
}

/** `NOT_FOUND` for a key with no object. */
export function notFound(key: string): StowageError {
  return new StowageError('NOT_FOUND', `No object for key "${key}"`, { key, provider: PROVIDER_NAME });
}

/** The error every call gets once the provider is closed. */
export function closedError(): StowageError {
  return new StowageError('UNAVAILABLE', 'The local provider is closed', { provider: PROVIDER_NAME, retryable: false });
}

/** `INVALID_INPUT` naming the field and what was expected. */
export function invalidInput(field: string, expected: string, key?: string): StowageError {
  return new StowageError('INVALID_INPUT', `Invalid ${field}: expected ${expected}`, {
    provider: PROVIDER_NAME,
    ...(key === undefined ? {} : { key }),
  });
}

/** `INVALID_OPTIONS` for signing calls on a provider created without `signing`. */
export function signingDisabled(): StowageError {
  return new StowageError(
    'INVALID_OPTIONS',
    'Signed URLs need the "signing" option ({ secret, baseUrl }) of the local provider',
    { provider: PROVIDER_NAME },
  );
}

/** `ACCESS_DENIED` for a signed request that fails verification; the message says why, never the secret. */
export function signatureDenied(reason: string): StowageError {
  return new StowageError('ACCESS_DENIED', `Signed request refused: ${reason}`, { provider: PROVIDER_NAME });
}

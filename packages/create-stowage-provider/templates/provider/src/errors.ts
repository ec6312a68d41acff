import { isStowageError, StowageError } from '@stowage/core';

/** The provider's name by the naming convention, as in the package.json `"stowage"` manifest. */
export const PROVIDER_NAME = '__PROVIDER_NAME__';

/**
 * The one place that turns backend errors into Stowage errors; every operation funnels its failures
 * through here (`operation` says whether the call was reading or writing: the same code can mean
 * either a missing object or a missing store). StowageErrors (from core's key rules and upload meter) pass through unchanged.
 *
 * With a real backend, map its SDK's error codes or HTTP statuses here: 404 → `NOT_FOUND`,
 * 403 → `ACCESS_DENIED`, 401 / bad signature → `INVALID_CREDENTIALS`, 416 → `INVALID_RANGE`,
 * 429 / 5xx / network errors → `UNAVAILABLE` (retryable).
 */
export function mapError(error: unknown, operation: 'read' | 'write', key?: string): StowageError {
  if (isStowageError(error)) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const base = { cause: error, provider: PROVIDER_NAME, ...(key === undefined ? {} : { key }) };
  if ((error as { name?: unknown } | null)?.name === 'AbortError') return new StowageError('ABORTED', 'The operation was aborted', base);
  switch (code) {
    case 'ENOENT':
      // A missing file is a missing object on reads; on writes it means the root itself is gone.
      if (operation === 'read' && key !== undefined) return notFound(key);
      return new StowageError('UNAVAILABLE', 'The storage directory is missing', { ...base, retryable: false });
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new StowageError('ACCESS_DENIED', `The file system refused access (${code})`, base);
    case 'ENOSPC':
    case 'EDQUOT':
      // Retrying does not help until space is freed.
      return new StowageError('UNAVAILABLE', `The disk is full (${code})`, { ...base, retryable: false });
    default:
      return new StowageError('UNAVAILABLE', `Storage error (${typeof code === 'string' ? code : 'unknown'})`, base);
  }
}

/** `NOT_FOUND` for a key with no object. */
export function notFound(key: string): StowageError {
  return new StowageError('NOT_FOUND', `No object for key "${key}"`, { key, provider: PROVIDER_NAME });
}

/** `INVALID_INPUT` naming the field and what was expected. */
export function invalidInput(field: string, expected: string, key?: string): StowageError {
  return new StowageError('INVALID_INPUT', `Invalid ${field}: expected ${expected}`, { provider: PROVIDER_NAME, ...(key === undefined ? {} : { key }) });
}

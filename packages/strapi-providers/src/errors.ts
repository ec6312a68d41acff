import { isStowageError, StowageError } from '@stowage/core';

/**
 * The one place mapping what a Strapi provider (or its SDK) throws to Stowage codes. Strapi providers
 * throw plain errors (`@strapi/utils` `PayloadTooLargeError`, AWS SDK service errors, fs errors).
 */
export function mapStrapiError(error: unknown, action: string, key?: string): StowageError {
  if (isStowageError(error)) return error;
  const e = (error ?? {}) as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode;
  const at = key === undefined ? {} : { key };
  const message = `Strapi provider ${action} failed: ${e.message ?? String(error)}`;
  const options = { cause: error, ...at };
  if (e.name === 'PayloadTooLargeError') return new StowageError('TOO_LARGE', message, options);
  if (e.name === 'AbortError' || e.code === 'ABORT_ERR' || e.code === 'ERR_STREAM_PREMATURE_CLOSE') return new StowageError('ABORTED', message, options);
  if (e.code === 'ENOENT' || e.name === 'NoSuchKey' || e.name === 'NotFound' || status === 404) return new StowageError('NOT_FOUND', message, options);
  if (e.code === 'EACCES' || e.code === 'EPERM' || e.name === 'AccessDenied' || status === 403) return new StowageError('ACCESS_DENIED', message, options);
  if (e.name === 'InvalidAccessKeyId' || e.name === 'SignatureDoesNotMatch' || status === 401) return new StowageError('INVALID_CREDENTIALS', message, options);
  if (e.name === 'NoSuchBucket') return new StowageError('INVALID_OPTIONS', message, options);
  return new StowageError('UNAVAILABLE', message, options);
}

/** A Stowage error for an HTTP answer to a read through the object's URL. */
export function httpError(status: number, key: string): StowageError {
  if (status === 404) return new StowageError('NOT_FOUND', `No object at "${key}"`, { key });
  if (status === 416) return new StowageError('INVALID_RANGE', `The range is outside the object at "${key}"`, { key });
  if (status === 401 || status === 403) return new StowageError('ACCESS_DENIED', `Reading "${key}" through its URL was refused (HTTP ${status})`, { key });
  return new StowageError('UNAVAILABLE', `Reading "${key}" through its URL failed with HTTP ${status}`, { key });
}

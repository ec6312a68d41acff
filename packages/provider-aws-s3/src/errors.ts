import { StowageError, isStowageError, type StowageErrorCode } from '@stowage/core';

/** What the failing call was about, for the error's message. */
export interface ErrorContext {
  /** The operation, as the message names it (`upload`, `read`…). */
  operation: string;
  /** The bucket, named in `NoSuchBucket` errors. */
  bucket: string;
  /** The key as the caller gave it (without the provider's prefix). */
  key?: string;
}

const NOT_FOUND = new Set(['NoSuchKey', 'NotFound', 'NoSuchVersion']);
const ACCESS_DENIED = new Set(['AccessDenied', 'AllAccessDisabled', 'AccountProblem', 'Forbidden', 'InvalidObjectState', 'RequestTimeTooSkewed']);
const INVALID_CREDENTIALS = new Set(['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'ExpiredToken', 'InvalidToken', 'TokenRefreshRequired', 'InvalidSecurity', 'CredentialsProviderError', 'MissingSecurityHeader']);
const UNAVAILABLE = new Set(['SlowDown', 'Throttling', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequests', 'TooManyRequestsException', 'ServiceUnavailable', 'InternalError', 'RequestTimeout', 'TimeoutError', 'RequestTimeoutException', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);
const REGION = new Set(['AuthorizationHeaderMalformed', 'PermanentRedirect', 'IllegalLocationConstraintException', 'AuthorizationQueryParametersError']);

/**
 * The one place that turns an AWS SDK error (or a network error under it) into a `StowageError`.
 * Messages name the code and the HTTP status, never a credential; the SDK error is kept as `cause`.
 */
export function toStowageError(error: unknown, context: ErrorContext): StowageError {
  if (isStowageError(error)) return error;
  const e = (error ?? {}) as { name?: string; Code?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown };
  const name = e.Code ?? (e.name && e.name !== 'Unknown' && e.name !== 'Error' ? e.name : undefined) ?? e.code ?? 'Unknown';
  const status = e.$metadata?.httpStatusCode;
  const what = `S3 ${context.operation}${context.key === undefined ? '' : ` of "${context.key}"`}`;
  const detail = `${name}${status === undefined ? '' : `, HTTP ${status}`}`;
  const make = (code: StowageErrorCode, message: string, retryable?: boolean) =>
    new StowageError(code, message, { cause: error, provider: 'aws-s3', ...(context.key === undefined ? {} : { key: context.key }), ...(retryable === undefined ? {} : { retryable }) });

  if (name === 'AbortError' || e.name === 'AbortError') return make('ABORTED', `${what} was aborted`);
  if (name === 'NoSuchUpload') return make('ABORTED', `${what} failed: its multipart upload was aborted by another client or expired (${detail})`);
  if (name === 'NoSuchBucket') return make('INVALID_OPTIONS', `${what} failed: bucket "${context.bucket}" does not exist (option "bucket")`);
  if (NOT_FOUND.has(name)) return make('NOT_FOUND', `${what} failed: no such object (${detail})`);
  if (INVALID_CREDENTIALS.has(name)) return make('INVALID_CREDENTIALS', `${what} failed: the credentials were refused (${detail}); check option "credentials" or the SDK's credential chain`);
  if (name === 'InvalidRange') return make('INVALID_RANGE', `${what} failed: the range cannot be satisfied (${detail})`);
  if (name === 'AccessControlListNotSupported') return make('INVALID_OPTIONS', `${what} failed: the bucket has ACLs disabled; remove option "acl" (${detail})`);
  if (REGION.has(name)) return make('INVALID_OPTIONS', `${what} failed: the bucket is not in the configured region; check option "region" (${detail})`);
  if (name === 'InvalidBucketName') return make('INVALID_OPTIONS', `${what} failed: bucket name "${context.bucket}" is invalid (option "bucket")`);
  if (name === 'KMS.NotFoundException' || name === 'KMSNotFound' || name === 'InvalidEncryptionAlgorithmError') return make('INVALID_OPTIONS', `${what} failed: the encryption settings were refused; check options "serverSideEncryption" and "kmsKeyId" (${detail})`);
  if (ACCESS_DENIED.has(name)) return make('ACCESS_DENIED', `${what} failed: access denied (${detail})`);
  if (name === 'EntityTooLarge') return make('TOO_LARGE', `${what} failed: the body is larger than the service accepts (${detail})`);
  if (name === 'BadDigest' || name === 'InvalidDigest' || name === 'XAmzContentSHA256Mismatch') return make('CHECKSUM_MISMATCH', `${what} failed: the service computed another checksum (${detail})`);
  if (name === 'KeyTooLongError') return make('INVALID_KEY', `${what} failed: the key is too long for the service (${detail})`);
  if (name === 'MetadataTooLarge' || name === 'InvalidArgument' || name === 'InvalidStorageClass') return make('INVALID_INPUT', `${what} failed: the service refused the request's parameters (${detail})`);
  if (name === 'PreconditionFailed') return make('UNAVAILABLE', `${what} failed: the object changed while the call ran; try again (${detail})`, true);
  if (name === 'NotImplemented' || status === 501) return make('UNSUPPORTED', `${what} failed: the service does not implement this request (${detail})`);
  if (UNAVAILABLE.has(name) || status === 429 || (status !== undefined && status >= 500)) return make('UNAVAILABLE', `${what} failed: the service is unavailable or throttling (${detail})`, true);

  // HEAD answers carry no error code: fall back on the status.
  if (status === 404) return make('NOT_FOUND', `${what} failed: not found (${detail})`);
  if (status === 403) return make('ACCESS_DENIED', `${what} failed: access denied (${detail})`);
  if (status === 416) return make('INVALID_RANGE', `${what} failed: the range cannot be satisfied (${detail})`);
  if (status === undefined) return make('UNAVAILABLE', `${what} failed: the service could not be reached (${detail})`, true);
  return make('UNAVAILABLE', `${what} failed: unexpected answer (${detail})`, false);
}

/** Whether an SDK error is an answer without an error code (HEAD requests have no body). */
export function lacksErrorCode(error: unknown): boolean {
  const e = error as { Code?: unknown; name?: unknown; $metadata?: { httpStatusCode?: number } } | null;
  return typeof e === 'object' && e !== null && e.Code === undefined && (e.name === 'Unknown' || e.name === 'NotFound' || e.name === 'Forbidden') && e.$metadata?.httpStatusCode !== undefined;
}

/** Whether an SDK error says the object (not the bucket) is missing. */
export function isMissingObject(error: unknown): boolean {
  const e = error as { Code?: string; name?: string } | null;
  return e?.Code === 'NoSuchKey' || e?.name === 'NoSuchKey';
}

import { isStowageError, StowageError, type StowageErrorCode } from '@stowage/core';

/** The provider's name, as in its manifest. */
export const PROVIDER_NAME = 'gcs';

/** What the call was doing, to word the error and pick the meaning of ambiguous statuses. */
export interface ErrorContext {
  /** The key (without the provider's prefix), when there is one. */
  key?: string;
  /** A short description for the message: `upload`, `read`, `copy from "a"`. */
  operation: string;
  /** Whether the request carried a precondition (`ifGenerationMatch`…): a 412 then means the object exists. */
  conditional?: boolean;
  /** The message of a 404 when what is missing is not the object asked for (a resumable upload's marker). */
  notFound?: string;
}

const CHECKSUM_CODES = new Set(['FILE_NO_UPLOAD', 'FILE_NO_UPLOAD_DELETE', 'CONTENT_DOWNLOAD_MISMATCH']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_SOCKET']);

/** The HTTP status of an SDK error (`ApiError`, a gaxios error, a resumable-upload error), if it has one. */
export function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { code?: unknown; status?: unknown; response?: { status?: unknown } };
  for (const candidate of [e.code, e.status, e.response?.status]) {
    if (typeof candidate === 'number' && candidate >= 100 && candidate < 600) return candidate;
    if (typeof candidate === 'string' && /^[1-5]\d\d$/.test(candidate)) return Number(candidate);
  }
  return undefined;
}

function codeFor(error: unknown, status: number | undefined, context: ErrorContext): StowageErrorCode {
  if (status !== undefined) {
    if (status === 404) return 'NOT_FOUND';
    if (status === 401) return 'INVALID_CREDENTIALS';
    if (status === 403) return 'ACCESS_DENIED';
    if (status === 412) return context.conditional ? 'ALREADY_EXISTS' : 'UNAVAILABLE';
    if (status === 416) return 'INVALID_RANGE';
    if (status === 408 || status === 429 || status >= 500) return 'UNAVAILABLE';
    if (status === 400 && /uniform bucket-level access/i.test(messageOf(error))) return 'INVALID_OPTIONS';
    if (status === 400 && /invalid_grant|invalid_client|unauthorized_client/i.test(messageOf(error))) return 'INVALID_CREDENTIALS';
    return 'INVALID_INPUT';
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return 'UNAVAILABLE';
  // GCS's own CRC32C/MD5 validation failed: the SDK has deleted the upload (or refused the download).
  if (typeof code === 'string' && CHECKSUM_CODES.has(code)) return 'CHECKSUM_MISMATCH';
  const message = messageOf(error);
  if (/could not load the default credentials|invalid_grant|no key or keyfile|private key|invalid_client/i.test(message)) {
    return 'INVALID_CREDENTIALS';
  }
  if (/ENOENT.*\.json|keyFilename/i.test(message)) return 'INVALID_OPTIONS';
  return 'UNAVAILABLE';
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
    return (error as { message: string }).message;
  }
  return String(error);
}

// Server messages can quote request URLs; signed query strings and tokens must never reach a log.
function redact(message: string): string {
  return message
    .replace(/([?&](?:X-Goog-Signature|X-Goog-Credential|Signature|access_token|upload_id)=)[^&\s"]+/gi, '$1[redacted]')
    .replace(/Bearer\s+[\w.~+/-]+=*/g, 'Bearer [redacted]')
    .slice(0, 500);
}

/**
 * The ONE place where `@google-cloud/storage` (and google-auth-library) errors become StowageErrors:
 * 404 → NOT_FOUND, 401 → INVALID_CREDENTIALS, 403 → ACCESS_DENIED, 412 → ALREADY_EXISTS for conditional
 * writes, 416 → INVALID_RANGE, 408/429/5xx and network failures → UNAVAILABLE (retryable), a failed
 * CRC32C/MD5 validation (the SDK's FILE_NO_UPLOAD, CONTENT_DOWNLOAD_MISMATCH) → CHECKSUM_MISMATCH. A StowageError
 * passes through unchanged.
 */
export function toStowageError(error: unknown, context: ErrorContext): StowageError {
  if (isStowageError(error)) return error;
  const status = statusOf(error);
  const code = codeFor(error, status, context);
  const what = context.key === undefined ? context.operation : `${context.operation} "${context.key}"`;
  const detail = redact(messageOf(error));
  const hint = code === 'INVALID_OPTIONS' && status === 400 ? ' (remove the predefinedAcl option on a bucket with uniform bucket-level access)' : '';
  const message =
    code === 'NOT_FOUND' && context.notFound !== undefined ? context.notFound : `GCS ${what} failed${status === undefined ? '' : ` (HTTP ${status})`}: ${detail}${hint}`;
  return new StowageError(code, message, {
    cause: error,
    provider: PROVIDER_NAME,
    ...(context.key === undefined ? {} : { key: context.key }),
  });
}

/** Runs `fn`, mapping whatever it throws with {@link toStowageError}. */
export async function mapErrors<T>(context: ErrorContext, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toStowageError(error, context);
  }
}

/** A StowageError raised by this provider itself. */
export function gcsError(code: StowageErrorCode, message: string, key?: string, cause?: unknown): StowageError {
  return new StowageError(code, message, {
    provider: PROVIDER_NAME,
    ...(key === undefined ? {} : { key }),
    ...(cause === undefined ? {} : { cause }),
  });
}

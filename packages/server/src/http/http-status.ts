import { HTTP_STATUS, isStowageError } from '@stowage/core';
import { ERROR_STATUS, type ErrorCode } from './error-codes.js';

/** Core's table from error codes to HTTP statuses, re-exported for the server's users. */
export { HTTP_STATUS };

/** Options of an {@link HttpError}. */
export interface HttpErrorOptions {
  cause?: unknown;
  /** Headers the answer carries (`Allow` of a 405, `Content-Range` of a 416). */
  headers?: Record<string, string>;
}

/**
 * An error the client sees: a code of the server's vocabulary (its status comes from
 * {@link ERROR_STATUS}), a message naming the field and what was expected, extra data.
 */
export class HttpError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly data: Record<string, unknown> | undefined;
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, message: string, data?: Record<string, unknown>, options: HttpErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HttpError';
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.data = data;
    this.headers = options.headers ?? {};
  }
}

/** What a client learns of an error: its status, a client-safe message, and `data` (with its `code`). */
export interface DescribedError {
  status: number;
  message: string;
  data?: Record<string, unknown>;
}

/** The status and the client-safe message of any error; unknown errors become a bare 500. */
export function describeError(error: unknown): DescribedError {
  if (error instanceof HttpError) return { status: error.status, message: error.message, data: { code: error.code, ...error.data } };
  if (isStowageError(error)) {
    const status = HTTP_STATUS[error.code];
    // Backend configuration problems are logged in full, but clients only learn that the server failed.
    const message = status >= 500 && error.code !== 'UNAVAILABLE' && error.code !== 'UNSUPPORTED' ? 'Internal server error' : error.message;
    return { status, message, data: { code: error.code } };
  }
  return { status: 500, message: 'Internal server error' };
}

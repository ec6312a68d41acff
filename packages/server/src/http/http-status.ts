import { HTTP_STATUS, isStowageError } from '@stowage/core';

/** Core's table from error codes to HTTP statuses, re-exported for the server's users. */
export { HTTP_STATUS };


/**
 * The machine-readable `code` of an error answer whose error does not name one, by status, so every
 * error body carries `error.data.code`.
 */
export const STATUS_CODES: Readonly<Record<number, string>> = {
  400: 'INVALID_INPUT',
  401: 'UNAUTHENTICATED',
  403: 'ACCESS_DENIED',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  411: 'LENGTH_REQUIRED',
  412: 'PRECONDITION_FAILED',
  413: 'TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  416: 'INVALID_RANGE',
  500: 'INTERNAL',
  501: 'UNSUPPORTED',
  503: 'UNAVAILABLE',
};

/** An error the client sees: a status, a message naming the field and what was expected, extra data. */
export class HttpError extends Error {
  readonly status: number;
  readonly data: Record<string, unknown> | undefined;

  constructor(status: number, message: string, data?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HttpError';
    this.status = status;
    this.data = data;
  }
}

/** The status and the client-safe message of any error; unknown errors become a bare 500. */
export function describeError(error: unknown): { status: number; message: string; data?: Record<string, unknown> } {
  if (error instanceof HttpError) return { status: error.status, message: error.message, data: { code: STATUS_CODES[error.status] ?? 'ERROR', ...error.data } };
  if (isStowageError(error)) {
    const status = HTTP_STATUS[error.code];
    // Backend configuration problems are logged in full, but clients only learn that the server failed.
    const message = status >= 500 && error.code !== 'UNAVAILABLE' && error.code !== 'UNSUPPORTED' ? 'Internal server error' : error.message;
    return { status, message, data: { code: error.code } };
  }
  return { status: 500, message: 'Internal server error' };
}

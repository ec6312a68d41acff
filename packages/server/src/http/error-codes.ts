import { HTTP_STATUS, type StowageErrorCode } from '@stowage/core';

/**
 * The codes HTTP needs beyond core's storage codes. Each names what the client did or must do, so none
 * repeats a core code: `UNAUTHENTICATED` (no credentials where a rule needs some) is not core's
 * `INVALID_CREDENTIALS` (credentials given but wrong), and `CONFLICT` (the record changed meanwhile) is
 * not `ALREADY_EXISTS` (an id is taken).
 */
export type HttpOnlyErrorCode =
  /** 401: the request carries no credentials, and the rule needs some. */
  | 'UNAUTHENTICATED'
  /** 405: the path exists under other methods (the answer's `Allow` lists them). */
  | 'METHOD_NOT_ALLOWED'
  /** 409: another request changed or deleted the record meanwhile; nothing was written. */
  | 'CONFLICT'
  /** 411: the request must say how long its body is. */
  | 'LENGTH_REQUIRED'
  /** 412: `If-Match` / `If-Unmodified-Since` do not match the file. */
  | 'PRECONDITION_FAILED'
  /** 415: the body or a file part has a media type the route or bucket does not take. */
  | 'UNSUPPORTED_MEDIA_TYPE'
  /** 403: a server-signed link whose signature does not match. */
  | 'INVALID_SIGNATURE'
  /** 403: a server-signed link past its expiry. */
  | 'EXPIRED_SIGNATURE'
  /** 500: the server broke a promise of its own (its message is the client's to read). */
  | 'INTERNAL';

/** The server's one code vocabulary: core's storage codes and the HTTP ones. */
export type ErrorCode = StowageErrorCode | HttpOnlyErrorCode;

/** The one table from error codes to HTTP statuses: core's, extended with the HTTP-only codes. */
export const ERROR_STATUS: { readonly [C in ErrorCode]: number } = {
  ...HTTP_STATUS,
  UNAUTHENTICATED: 401,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  LENGTH_REQUIRED: 411,
  PRECONDITION_FAILED: 412,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INVALID_SIGNATURE: 403,
  EXPIRED_SIGNATURE: 403,
  INTERNAL: 500,
};

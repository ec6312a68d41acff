/**
 * Every way a storage operation can fail, as one closed set. Providers map their SDK's errors onto these
 * codes in one place (`errors.ts` in each provider); the server maps them to HTTP statuses in one table.
 */
export type StowageErrorCode =
  /** The object (or the source of a copy) does not exist. */
  | 'NOT_FOUND'
  /** A conditional write found an object already there. */
  | 'ALREADY_EXISTS'
  /** The credentials are valid but may not do this. */
  | 'ACCESS_DENIED'
  /** The credentials are unknown, malformed, expired, or their signature does not match. */
  | 'INVALID_CREDENTIALS'
  /** The provider's options are wrong (a missing bucket, a bad value); the message names the option. */
  | 'INVALID_OPTIONS'
  /** The key breaks the key rules (see `normalizeKey`); raised before any I/O. */
  | 'INVALID_KEY'
  /** The call's input is wrong: a body that is not a stream or buffer, a size that does not match the body. */
  | 'INVALID_INPUT'
  /** A byte range that the object cannot satisfy (start past the end, an empty suffix). */
  | 'INVALID_RANGE'
  /** The body is larger than the limit in force. */
  | 'TOO_LARGE'
  /** The body's SHA-256 differs from the expected one; nothing was stored. */
  | 'CHECKSUM_MISMATCH'
  /** The caller aborted (AbortSignal) or the source stream failed; nothing was stored. */
  | 'ABORTED'
  /** The provider cannot do this (a capability it lacks, or one its credentials cannot serve). */
  | 'UNSUPPORTED'
  /** The backend is unreachable, throttling or failing; see `retryable`. */
  | 'UNAVAILABLE';

/** All codes, for exhaustive tables and validation. */
export const STOWAGE_ERROR_CODES: readonly StowageErrorCode[] = [
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'ACCESS_DENIED',
  'INVALID_CREDENTIALS',
  'INVALID_OPTIONS',
  'INVALID_KEY',
  'INVALID_INPUT',
  'INVALID_RANGE',
  'TOO_LARGE',
  'CHECKSUM_MISMATCH',
  'ABORTED',
  'UNSUPPORTED',
  'UNAVAILABLE',
];

/**
 * The one table from error codes to HTTP statuses, for anything that answers HTTP (the server, a provider's
 * signed-request handler). A backend misconfiguration (`INVALID_OPTIONS`) is the server's fault (500); an
 * unreachable backend is 503.
 */
export const HTTP_STATUS: { readonly [C in StowageErrorCode]: number } = {
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  ACCESS_DENIED: 403,
  INVALID_CREDENTIALS: 401,
  INVALID_OPTIONS: 500,
  INVALID_KEY: 400,
  INVALID_INPUT: 400,
  INVALID_RANGE: 416,
  TOO_LARGE: 413,
  CHECKSUM_MISMATCH: 400,
  ABORTED: 400,
  UNSUPPORTED: 501,
  UNAVAILABLE: 503,
};

/**
 * The numbers behind a size check that failed, so that a caller (a server answering 413 or 400) can tell
 * which bound was broken and quote it without parsing the message. Only the fields that apply are set.
 */
export interface StowageErrorDetails {
  /** The `maxSize` a `TOO_LARGE` body went past. */
  limit?: number;
  /** The `minSize` an `INVALID_INPUT` body fell short of: set on minimum-size failures only. */
  minimum?: number;
  /** The exact `size` declared for a body that turned out longer or shorter (`INVALID_INPUT`). */
  expected?: number;
  /** The bytes counted when the check failed, when the body was read. */
  received?: number;
}

/** Extra facts an error may carry. */
export interface StowageErrorOptions {
  /** The original error (an SDK error, a system error), kept for logs and debugging. */
  cause?: unknown;
  /** The object key the operation was about, when there is one. */
  key?: string;
  /** The provider that raised the error. */
  provider?: string;
  /**
   * Whether trying the same call again may succeed. Defaults to `true` for `UNAVAILABLE`, `false`
   * otherwise.
   */
  retryable?: boolean;
  /** The numbers behind a failed size check; see {@link StowageErrorDetails}. */
  details?: StowageErrorDetails;
}

// A registered symbol, so that two copies of @stowage/core in one process still recognise each other's errors.
const BRAND = Symbol.for('stowage.error');

/** The one error class of Stowage. Check it with {@link isStowageError}, never `instanceof`. */
export class StowageError extends Error {
  readonly code: StowageErrorCode;
  readonly retryable: boolean;
  readonly key: string | undefined;
  readonly provider: string | undefined;
  /** The numbers behind a failed size check (`TOO_LARGE`, a size or minimum `INVALID_INPUT`), when it was one. */
  readonly details: Readonly<StowageErrorDetails> | undefined;
  declare readonly [BRAND]: true;

  constructor(code: StowageErrorCode, message: string, options: StowageErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StowageError';
    this.code = code;
    this.retryable = options.retryable ?? code === 'UNAVAILABLE';
    this.key = options.key;
    this.provider = options.provider;
    this.details = options.details === undefined ? undefined : Object.freeze({ ...options.details });
    Object.defineProperty(this, BRAND, { value: true, enumerable: false });
  }

  /** A plain object for logs and JSON answers; the cause is reduced to its message. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      ...(this.key === undefined ? {} : { key: this.key }),
      ...(this.provider === undefined ? {} : { provider: this.provider }),
      ...(this.details === undefined ? {} : { details: this.details }),
      ...(this.cause === undefined ? {} : { cause: causeMessage(this.cause) }),
    };
  }
}

// Only the message: a cause's own properties and stack may carry request details that do not belong in logs.
function causeMessage(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

/**
 * Whether `value` is a {@link StowageError}, optionally with one of the given codes. Works across
 * several copies of this package in one process.
 */
export function isStowageError(value: unknown, ...codes: StowageErrorCode[]): value is StowageError {
  if (typeof value !== 'object' || value === null) return false;
  if ((value as Record<symbol, unknown>)[BRAND] !== true) return false;
  return codes.length === 0 || codes.includes((value as StowageError).code);
}

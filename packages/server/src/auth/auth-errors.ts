import { HttpError } from '../http/http-status.js';

/**
 * The errors of authentication and authorization. Their messages name what was expected and never
 * echo a token, a secret or anything about a file the caller may not see.
 */
export const AUTH_CODES = {
  /** 401: the request carries no credentials, and the rule needs some. */
  unauthenticated: 'UNAUTHENTICATED',
  /** 401: a token or admin secret was given but is wrong, expired, forged or unsigned. */
  invalidCredentials: 'INVALID_CREDENTIALS',
  /** 403: the caller is known but the bucket's rule does not let them do this. */
  accessDenied: 'ACCESS_DENIED',
} as const;

export function unauthenticated(message: string): HttpError {
  return new HttpError(AUTH_CODES.unauthenticated, message);
}

export function invalidCredentials(message: string): HttpError {
  return new HttpError(AUTH_CODES.invalidCredentials, message);
}

export function accessDenied(message: string): HttpError {
  return new HttpError(AUTH_CODES.accessDenied, message);
}

import type { ErrorShape } from '../../http/error-shape.js';

// Strapi's error classes (`@strapi/utils` errors) by HTTP status.
const NAMES: Record<number, string> = {
  400: 'ValidationError',
  401: 'UnauthorizedError',
  403: 'ForbiddenError',
  404: 'NotFoundError',
  413: 'PayloadTooLargeError',
  415: 'ValidationError',
  416: 'ValidationError',
  429: 'RateLimitError',
  500: 'InternalServerError',
  501: 'NotImplementedError',
};

/**
 * Strapi's error body: `{ data: null, error: { status, name, message, details } }`, the error's `data`
 * (its `code` included) as `details`.
 */
export const strapiErrorShape: ErrorShape = {
  body: ({ status, message, data }) => ({ data: null, error: { status, name: NAMES[status] ?? 'ApplicationError', message, details: data ?? {} } }),
};

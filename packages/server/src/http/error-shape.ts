import type { DescribedError } from './http-status.js';

/**
 * How a route family renders an error answer's body (its status and headers are the error's own):
 * the Nhost files API answers `{ error: { message, data } }`, Strapi's `{ data: null, error: { … } }`.
 */
export interface ErrorShape {
  /** The body of the answer to `error`, as {@link describeError} told it. */
  body(error: DescribedError): unknown;
  /** Headers the answer carries besides the error's own (the message in `X-Error`, say). */
  headers?(error: DescribedError): Record<string, string>;
}

/**
 * The server's own error body, `{ error: { message, data } }` (Nhost's): used for the answers no
 * family owns (no route, wrong method, shutting down) and by the Nhost family.
 */
export const plainErrorShape: ErrorShape = {
  body: ({ message, data }) => ({ error: { message, ...(data === undefined ? {} : { data }) } }),
};


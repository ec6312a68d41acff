import type { ServerResponse } from 'node:http';
import type { StowageContext } from '../../context.js';
import { describeError } from '../../http/http-status.js';
import { sendJson } from '../../http/respond.js';
import type { Route, RouteRequest } from '../../http/router.js';

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

/** Strapi's error body: `{ data: null, error: { status, name, message, details } }`. */
export function strapiErrorBody(status: number, message: string, details: Record<string, unknown> = {}): { data: null; error: { status: number; name: string; message: string; details: Record<string, unknown> } } {
  return { data: null, error: { status, name: NAMES[status] ?? 'ApplicationError', message, details } };
}

/** Answers any error in Strapi's shape (unknown errors as a bare 500, logged). */
export function sendStrapiError(context: StowageContext, res: ServerResponse, error: unknown, extraHeaders: Record<string, string> = {}): void {
  const { status, message, data } = describeError(error);
  if (status >= 500) context.logger.error({ err: error }, 'strapi upload route failed');
  sendJson(res, status, strapiErrorBody(status, message, data ?? {}), extraHeaders);
}

/** A route whose errors are answered in Strapi's shape instead of Nhost's. */
export function strapiRoute(context: StowageContext, methods: readonly string[], path: string, handle: (request: RouteRequest) => Promise<void>): Route {
  return {
    methods,
    path,
    async handle(request) {
      try {
        await handle(request);
      } catch (error) {
        // Stop reading a body nobody will use, so the client gets the answer.
        request.req.unpipe();
        request.req.resume();
        if (request.res.headersSent) request.res.destroy();
        else sendStrapiError(context, request.res, error);
      }
    },
  };
}

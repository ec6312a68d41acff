import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { ErrorShape } from './error-shape.js';
import { describeError, HttpError } from './http-status.js';
import { sendJson } from './respond.js';

/** Where an error answer goes, and how it is told. */
export interface ErrorTarget {
  req: IncomingMessage;
  res: ServerResponse;
  /** The body's shape: the family's whose route failed, else the server's own. */
  shape: ErrorShape;
  /** Where failures of the server (5xx) are logged in full. */
  logger: Logger;
  /** What the log line says about the request (method, path, family). */
  log?: Record<string, unknown>;
  /** Headers beyond the error's own (an upload that failed midway closes the connection). */
  headers?: Record<string, string>;
}

/**
 * The one way any thrown error becomes an answer: its status, code and client-safe message from
 * {@link describeError}, its body in `target.shape`. Server failures are logged; an answer already
 * begun (a download that failed midway) can only be cut off.
 */
export function sendError(error: unknown, target: ErrorTarget): void {
  const { req, res } = target;
  const described = describeError(error);
  if (described.status >= 500) target.logger.error({ err: error, ...target.log }, 'request failed');
  if (res.headersSent) {
    res.destroy();
    return;
  }
  // Stop reading a body nobody will use, so the client gets the answer.
  req.unpipe();
  req.resume();
  const own = error instanceof HttpError ? error.headers : {};
  sendJson(res, described.status, target.shape.body(described), { ...target.shape.headers?.(described), ...own, ...target.headers });
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HTTP_STATUS, isStowageError, parseRangeHeader, resolveRange, StowageError } from '@stowage/core';
import { contextOf, type LocalProvider } from './provider.js';
import { FileReader } from './file-reader.js';
import { DEFAULT_CONTENT_TYPE } from './metadata.js';
import { openObject } from './open-object.js';
import { PROVIDER_NAME, signingDisabled } from './errors.js';
import type { SigningOptions } from './options.js';
import { keyPaths } from './paths.js';
import { verifySignedRequest, type VerifiedRequest } from './signing.js';

/** Options of {@link createSignedRequestHandler}. */
export interface SignedRequestHandlerOptions {
  /**
   * The signing options to verify with.
   * @default the provider's own `signing` option
   */
  signing?: SigningOptions;
}

/** A Node request handler (`http.createServer(handler)`, or a route in a framework that exposes them). */
export type SignedRequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * Serves the URLs of `provider.signedUrl` (GET and HEAD, with single `Range` requests and `If-None-Match`)
 * and `provider.signedUpload` (PUT, streamed, refusing bodies over the signed limit with 413). Downloads
 * carry the stored `Content-Type`, the signed or stored `Content-Disposition`, and
 * `X-Content-Type-Options: nosniff`. Errors answer JSON `{ error: { code, message } }`.
 * @throws `INVALID_OPTIONS` when neither the provider nor `options` has signing options.
 */
export function createSignedRequestHandler(provider: LocalProvider, options: SignedRequestHandlerOptions = {}): SignedRequestHandler {
  const ctx = contextOf(provider);
  const signing = options.signing ?? ctx.options.signing;
  if (signing === undefined) throw signingDisabled();
  return async (req, res) => {
    try {
      const method = (req.method ?? 'GET').toUpperCase();
      if (method !== 'GET' && method !== 'HEAD' && method !== 'PUT') {
        res.setHeader('Allow', 'GET, HEAD, PUT');
        sendError(res, 405, 'UNSUPPORTED', `Method ${method} is not allowed`);
        return;
      }
      const verified = verifySignedRequest({ method, url: req.url ?? '/' }, signing);
      if (method === 'PUT') await servePut(provider, verified, req, res);
      else await serveGet(provider, verified, req, res, method === 'HEAD');
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const code = isStowageError(error) ? error.code : 'UNAVAILABLE';
      // An unread request body may still be arriving; closing is cheaper than reading it.
      if (!req.complete) res.setHeader('Connection', 'close');
      sendError(res, HTTP_STATUS[code], code, isStowageError(error) ? error.message : 'Internal error');
    }
  };
}

async function serveGet(provider: LocalProvider, verified: VerifiedRequest, req: IncomingMessage, res: ServerResponse, head: boolean): Promise<void> {
  const ctx = contextOf(provider);
  const paths = keyPaths(ctx.root, verified.key);
  const { fd, stats, sidecar } = await openObject(ctx, paths);
  const range = parseRangeHeader(req.headers.range);
  let span = { start: 0, end: stats.size - 1 };
  try {
    if (range !== undefined) span = resolveRange(range, stats.size, { key: paths.key, provider: PROVIDER_NAME });
  } catch (error) {
    await ctx.fs.close(fd).catch(() => undefined);
    res.setHeader('Content-Range', `bytes */${stats.size}`);
    throw error;
  }
  const etag = sidecar === undefined ? undefined : `"${sidecar.etag}"`;
  const disposition = verified.contentDisposition ?? sidecar?.contentDisposition;
  res.setHeader('Content-Type', sidecar?.contentType ?? DEFAULT_CONTENT_TYPE);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Accept-Ranges', 'bytes');
  res.setHeader('Last-Modified', stats.mtime.toUTCString());
  if (etag !== undefined) res.setHeader('ETag', etag);
  if (disposition !== undefined) res.setHeader('Content-Disposition', disposition);
  if (sidecar?.cacheControl !== undefined) res.setHeader('Cache-Control', sidecar.cacheControl);
  if (etag !== undefined && req.headers['if-none-match']?.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*')) {
    await ctx.fs.close(fd).catch(() => undefined);
    res.writeHead(304).end();
    return;
  }
  if (range !== undefined) res.setHeader('Content-Range', `bytes ${span.start}-${span.end}/${stats.size}`);
  res.setHeader('Content-Length', String(Math.max(0, span.end - span.start + 1)));
  res.writeHead(range === undefined ? 200 : 206);
  if (head || span.end < span.start) {
    await ctx.fs.close(fd).catch(() => undefined);
    res.end();
    return;
  }
  await pipeline(new FileReader({ fs: ctx.fs, fd, start: span.start, end: span.end, key: paths.key }), res);
}

async function servePut(provider: LocalProvider, verified: VerifiedRequest, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const declared = req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']);
  if (declared !== undefined && verified.maxSize !== undefined && declared > verified.maxSize) {
    throw new StowageError('TOO_LARGE', `Body is larger than the signed limit of ${verified.maxSize} bytes`, { key: verified.key });
  }
  // The upload destroys its body when it fails; a shield keeps the socket alive to answer 413 or 400.
  const shield = new PassThrough();
  req.pipe(shield);
  // pipe() forwards neither errors nor a dropped connection: a client gone midway must fail the upload.
  const gone = (error?: Error) => {
    if (!req.complete) shield.destroy(error ?? new Error('The client closed the connection mid-upload'));
  };
  req.once('error', gone);
  req.once('close', () => gone());
  const result = await provider.upload({
    key: verified.key,
    body: shield,
    contentType: verified.contentType ?? DEFAULT_CONTENT_TYPE,
    ...(verified.maxSize === undefined ? {} : { maxSize: verified.maxSize }),
    ...(declared !== undefined && Number.isSafeInteger(declared) ? { size: declared } : {}),
  });
  res.setHeader('ETag', `"${result.etag ?? ''}"`);
  res.setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify({ key: result.key, size: result.size, etag: result.etag, sha256: result.sha256 }));
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.end(JSON.stringify({ error: { code, message } }));
}

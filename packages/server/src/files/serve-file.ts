import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { StowageError, supports } from '@stowage/core';
import type { StowageContext } from '../context.js';
import { evaluateConditions, ifRangeHolds } from '../http/conditional.js';
import { HttpError } from '../http/http-status.js';
import { parseRange } from '../http/range.js';
import type { Bucket, FileRecord } from '../store/records.js';

// Types shown inline: media a browser renders without running anything, and text it shows as text
// (with nosniff). Everything else (HTML, SVG, XML, JavaScript, PDF's cousins, unknown types) is a download.
const INLINE = /^(image\/(png|jpeg|gif|webp|avif|bmp|x-icon|vnd\.microsoft\.icon|tiff|heic|heif|apng|jxl)|audio\/[a-z0-9.+-]+|video\/[a-z0-9.+-]+|text\/(plain|csv)|application\/(json|pdf|octet-stream))$/;
// Media documents and PDF viewers break inside a sandbox; they run no page script anyway.
const NO_SANDBOX = /^(image|audio|video)\/|^application\/pdf$/;

/** Whether a stored MIME type may be shown inline; active content (HTML, SVG, XML, scripts…) may not. */
export function isInlineSafe(mimeType: string): boolean {
  // `audio/…+xml` and the like are XML documents a browser would render.
  return !/\+xml$/.test(mimeType) && INLINE.test(mimeType);
}

/**
 * `inline` (or `attachment` for anything not known to be inert) with the file name twice: an ASCII
 * fallback (`"` `\\` and non-printables replaced) and the RFC 8187 / RFC 5987 `filename*` form, whose
 * percent-encoding leaves no quote, semicolon, CR or LF that could end the header or add a parameter.
 */
export function contentDisposition(name: string, mimeType: string): string {
  const type = isInlineSafe(mimeType) ? 'inline' : 'attachment';
  const ascii = name.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(name)}`;
}

/** RFC 5987 `value-chars`: everything but `attr-char` percent-encoded (UTF-8). */
export function encodeRfc5987(value: string): string {
  return encodeURIComponent(value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The headers every file response carries, whatever its status: no sniffing, and a sandbox for non-media. */
export function fileSecurityHeaders(mimeType: string): Record<string, string> {
  return {
    'x-content-type-options': 'nosniff',
    ...(isInlineSafe(mimeType) && NO_SANDBOX.test(mimeType) ? {} : { 'content-security-policy': "sandbox; default-src 'none'; style-src 'unsafe-inline'" }),
  };
}

/** What is served in place of a file's own bytes: a transformed image of it. */
export interface ServedVariant {
  storageKey: string;
  size: number;
  etag: string;
  mimeType: string;
  /** The file name with the variant's extension. */
  name: string;
}

/** How {@link serveFile} answers beyond the file itself. */
export interface ServeOptions {
  /** Bytes to serve instead of the file's (its record still gives the dates and the backend). */
  variant?: ServedVariant;
  /** Adds `Vary: Accept`: the answer was chosen by content negotiation. */
  varyAccept?: boolean;
}

/**
 * Answers GET or HEAD for a file (or a variant of it): conditional requests (304/412), one byte range
 * (206/416), and the bytes streamed from the provider. HEAD never opens the object.
 */
export async function serveFile(context: StowageContext, req: IncomingMessage, res: ServerResponse, file: FileRecord, bucket: Bucket, method: 'GET' | 'HEAD', options: ServeOptions = {}): Promise<void> {
  const served = options.variant ?? file;
  const lastModified = new Date(file.updatedAt);
  const common: Record<string, string> = {
    etag: served.etag,
    'last-modified': lastModified.toUTCString(),
    ...fileSecurityHeaders(served.mimeType),
    ...(bucket.cacheControl === null ? {} : { 'cache-control': bucket.cacheControl }),
    ...(options.varyAccept === true ? { vary: 'Accept' } : {}),
  };
  const condition = evaluateConditions(req.headers, { etag: served.etag, lastModified }, method);
  if (condition === 304) {
    res.writeHead(304, common);
    res.end();
    return;
  }
  if (condition === 412) {
    throw new HttpError('PRECONDITION_FAILED', 'Precondition failed: the file does not match If-Match / If-Unmodified-Since', undefined, { headers: { etag: served.etag } });
  }
  const range = ifRangeHolds(req.headers['if-range'] as string | undefined, { etag: served.etag, lastModified }) ? parseRange(req.headers.range, served.size) : 'ignore';
  const headers: Record<string, string | number> = {
    ...common,
    'content-type': served.mimeType,
    'content-disposition': contentDisposition(served.name, served.mimeType),
    'accept-ranges': 'bytes',
  };
  if (range === 'unsatisfiable') {
    throw new HttpError('INVALID_RANGE', `Invalid Range: the file has ${served.size} bytes`, undefined, { headers: { 'content-range': `bytes */${served.size}`, 'accept-ranges': 'bytes' } });
  }
  const status = range === 'ignore' ? 200 : 206;
  headers['content-length'] = range === 'ignore' ? served.size : range.end - range.start + 1;
  if (range !== 'ignore') headers['content-range'] = `bytes ${range.start}-${range.end}/${served.size}`;
  if (method === 'HEAD') {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const { provider } = context.backends.get(file.backend);
  if (!supports(provider, 'read')) throw new StowageError('UNSUPPORTED', `Provider "${provider.name}" cannot read files back`);
  const read = await provider.read(served.storageKey, range === 'ignore' ? {} : { range: { start: range.start, end: range.end } });
  res.writeHead(status, headers);
  try {
    await pipeline(read.body, res);
  } catch (error) {
    // Headers are gone: the client sees a short body, and the log says why.
    if (!res.destroyed) res.destroy();
    context.logger.warn({ err: error, fileId: file.id }, 'download interrupted');
  }
}

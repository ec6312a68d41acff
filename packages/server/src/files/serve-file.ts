import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { StowageError, supports } from '@stowage/core';
import type { StowageContext } from '../context.js';
import { evaluateConditions, ifRangeHolds } from '../http/conditional.js';
import { sendJson, errorBody } from '../http/respond.js';
import { parseRange } from '../http/range.js';
import type { Bucket, FileRecord } from '../store/records.js';

// Types a browser would execute or render as a page if shown inline: always downloads.
const ACTIVE = /^(text\/html|application\/xhtml\+xml|image\/svg\+xml|text\/xml|application\/xml|[a-z]+\/[a-z0-9.+-]*\+xml|text\/javascript|application\/(x-)?javascript|application\/ecmascript|text\/ecmascript|application\/wasm)$/;

/** `inline` (or `attachment` for active content) with the file name, ASCII fallback plus RFC 8187 form. */
export function contentDisposition(name: string, mimeType: string): string {
  const type = ACTIVE.test(mimeType) ? 'attachment' : 'inline';
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * Answers GET or HEAD for a file: conditional requests (304/412), one byte range (206/416), and the
 * bytes streamed from the provider. HEAD never opens the object.
 */
export async function serveFile(context: StowageContext, req: IncomingMessage, res: ServerResponse, file: FileRecord, bucket: Bucket, method: 'GET' | 'HEAD'): Promise<void> {
  const lastModified = new Date(file.updatedAt);
  const common: Record<string, string> = {
    etag: file.etag,
    'last-modified': lastModified.toUTCString(),
    'x-content-type-options': 'nosniff',
    ...(bucket.cacheControl === null ? {} : { 'cache-control': bucket.cacheControl }),
  };
  const condition = evaluateConditions(req.headers, { etag: file.etag, lastModified }, method);
  if (condition === 304) {
    res.writeHead(304, common);
    res.end();
    return;
  }
  if (condition === 412) {
    sendJson(res, 412, errorBody('Precondition failed: the file does not match If-Match / If-Unmodified-Since'), { etag: file.etag });
    return;
  }
  const range = ifRangeHolds(req.headers['if-range'] as string | undefined, { etag: file.etag, lastModified }) ? parseRange(req.headers.range, file.size) : 'ignore';
  const headers: Record<string, string | number> = {
    ...common,
    'content-type': file.mimeType,
    'content-disposition': contentDisposition(file.name, file.mimeType),
    'accept-ranges': 'bytes',
  };
  if (range === 'unsatisfiable') {
    sendJson(res, 416, errorBody(`Invalid Range: the file has ${file.size} bytes`), { 'content-range': `bytes */${file.size}`, 'accept-ranges': 'bytes' });
    return;
  }
  const status = range === 'ignore' ? 200 : 206;
  headers['content-length'] = range === 'ignore' ? file.size : range.end - range.start + 1;
  if (range !== 'ignore') headers['content-range'] = `bytes ${range.start}-${range.end}/${file.size}`;
  if (method === 'HEAD') {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  if (!supports(context.provider, 'read')) throw new StowageError('UNSUPPORTED', `Provider "${context.provider.name}" cannot read files back`);
  const read = await context.provider.read(file.storageKey, range === 'ignore' ? {} : { range: { start: range.start, end: range.end } });
  res.writeHead(status, headers);
  try {
    await pipeline(read.body, res);
  } catch (error) {
    // Headers are gone: the client sees a short body, and the log says why.
    if (!res.destroyed) res.destroy();
    context.logger.warn({ err: error, fileId: file.id }, 'download interrupted');
  }
}

import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-status.js';

/**
 * The JSON body of `req`, at most `limit` bytes.
 * @throws `HttpError` 415 unless the body is declared `application/json`, 413 past `limit`, 400 for
 *   malformed JSON.
 */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') throw new HttpError('UNSUPPORTED_MEDIA_TYPE', 'Invalid Content-Type: expected application/json');
  const declared = Number(req.headers['content-length']);
  // A body announced too large is refused before it is read.
  if (Number.isFinite(declared) && declared > limit) throw new HttpError('TOO_LARGE', `Invalid body: at most ${limit} bytes of JSON are accepted`, { limit });
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > limit) throw new HttpError('TOO_LARGE', `Invalid body: at most ${limit} bytes of JSON are accepted`, { limit });
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new HttpError('INVALID_INPUT', 'Invalid body: it is not valid JSON');
  }
}

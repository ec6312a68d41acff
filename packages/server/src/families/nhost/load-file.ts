import type { IncomingMessage } from 'node:http';
import type { StowageContext } from '../../context.js';
import { FILE_ID } from '../../files/storage-key.js';
import { evaluateConditions } from '../../http/conditional.js';
import { HttpError } from '../../http/http-status.js';
import type { Bucket, FileRecord } from '../../store/records.js';

/**
 * The uploaded file `id` and its bucket.
 * @throws `HttpError` 404 when there is no such file (or its upload never completed); 400 for a
 *   malformed id.
 */
export async function loadFile(context: StowageContext, id: string): Promise<{ file: FileRecord; bucket: Bucket }> {
  if (!FILE_ID.test(id)) throw new HttpError('INVALID_INPUT', `Invalid id: "${id.slice(0, 64)}" is not a file id`);
  const file = await context.store.getFile(id);
  if (file === undefined || !file.isUploaded) throw new HttpError('NOT_FOUND', `File "${id}" not found`, { id });
  const bucket = await context.store.getBucket(file.bucketId);
  if (bucket === undefined) throw new HttpError('NOT_FOUND', `Bucket "${file.bucketId}" of file "${id}" not found`, { id });
  return { file, bucket };
}

/**
 * Honours `If-Match` / `If-Unmodified-Since` (and `If-None-Match`) on a write, so a client can replace
 * or delete only the version it has seen.
 * @throws `HttpError` 412 when a precondition fails.
 */
export function assertWritePreconditions(req: IncomingMessage, file: FileRecord): void {
  const verdict = evaluateConditions(req.headers, { etag: file.etag, lastModified: new Date(file.updatedAt) }, req.method ?? 'PUT');
  if (verdict !== undefined) throw new HttpError('PRECONDITION_FAILED', `Precondition failed: file "${file.id}" does not match If-Match / If-Unmodified-Since`, { id: file.id, etag: file.etag });
}

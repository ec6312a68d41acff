import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import { requestAccess } from '../../auth/access.js';
import { authorize } from '../../auth/authorize.js';
import type { StowageContext } from '../../context.js';
import { assertMimeAllowed, sizeBounds } from '../../files/bucket-rules.js';
import { safeFileName } from '../../files/safe-name.js';
import { normalizeMime } from '../../files/sniff.js';
import { newStorageKey } from '../../files/storage-key.js';
import { HttpError } from '../../http/http-status.js';
import { readTusMetadata } from './upload-metadata.js';

/**
 * A tus creation (`POST /v1/files/tus`), checked before a byte is accepted with the rules of
 * `POST /v1/files`: who may upload to the bucket, its MIME allow-list, and `Upload-Length` against its
 * size bounds and `sizeLimit` (a deferred length is checked as the bytes arrive and at the end). The
 * file's record exists from here on, with `isUploaded: false`.
 * @throws `HttpError` naming the `Upload-Metadata` key or the header and what was expected.
 */
export async function createUploadRecord(context: StowageContext, req: IncomingMessage, raw: Record<string, string | null> | undefined, size: number | undefined): Promise<string> {
  const access = await requestAccess(context, req);
  const declared = readTusMetadata(raw);
  const bucket = await context.store.getBucket(declared.bucketId);
  if (bucket === undefined) throw new HttpError('INVALID_INPUT', `Invalid Upload-Metadata bucketId: bucket "${declared.bucketId}" does not exist`, { bucketId: declared.bucketId });
  authorize(access, 'upload', bucket.id);
  const name = safeFileName(declared.filename, 'Upload-Metadata filename');
  const mimeType = normalizeMime(declared.contentType);
  assertMimeAllowed(bucket, mimeType, 'Upload-Metadata contentType');
  if (size !== undefined) {
    const { min, max } = sizeBounds(bucket, context.config);
    if (size > max) throw new HttpError('TOO_LARGE', `Invalid Upload-Length: the file must be at most ${max} bytes`, { field: 'Upload-Length', limit: max });
    if (size < min) throw new HttpError('INVALID_INPUT', `Invalid Upload-Length: the file must be at least ${min} bytes, got ${size}`, { field: 'Upload-Length', minimum: min });
  }
  const id = declared.id ?? randomUUID();
  await context.store.insertFile({
    id,
    bucketId: bucket.id,
    name,
    mimeType,
    storageKey: newStorageKey(bucket.id, id),
    backend: context.backends.forBucket(bucket.id).id,
    uploadedByUserId: access.principal.userId,
    metadata: declared.metadata,
  });
  return id;
}

/**
 * A request that continues an upload (HEAD, PATCH, DELETE) comes from whoever created it, or the admin.
 * @throws `HttpError` 401/403 as the bucket rules say.
 */
export async function authorizeContinuation(context: StowageContext, req: IncomingMessage, id: string): Promise<void> {
  const record = await context.store.getFile(id);
  if (record === undefined) return; // the tus handler answers 404
  const access = await requestAccess(context, req);
  if (access.principal.kind === 'admin') return;
  if (record.uploadedByUserId !== access.principal.userId) {
    throw new HttpError('ACCESS_DENIED', `Upload "${id}" belongs to another user`);
  }
  authorize(access, 'upload', record.bucketId);
}

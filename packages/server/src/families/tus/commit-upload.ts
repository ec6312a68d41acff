import { Readable } from 'node:stream';
import type { ResumableHandle } from '@stowage/core';
import type { StowageContext } from '../../context.js';
import { sizeBounds } from '../../files/bucket-rules.js';
import { clientError } from '../../files/write-content.js';
import { describeError, HttpError } from '../../http/http-status.js';
import type { FileRecord } from '../../store/records.js';
import type { PartialUploads } from './partial-uploads.js';

/** Why a finished upload could not be stored: `permanent` ones are gone for good, others may be retried. */
export class CommitError extends Error {
  constructor(
    readonly error: unknown,
    readonly permanent: boolean,
  ) {
    super(error instanceof Error ? error.message : String(error), { cause: error });
  }
}

/**
 * Completes a finished upload through its handle, all or nothing, with the bucket's minimum size and the
 * same SHA-256 entity tag as `POST /v1/files`, and completes its record. An upload that never had a byte
 * (`Upload-Length: 0`) is started and completed here. Idempotent: a record already complete is answered.
 * @throws {CommitError} permanent for a refusal of the file itself (its record and parts are then
 *   removed), retryable for a backend that failed (everything is kept, and the handle still resumes).
 */
export async function commitUpload(context: StowageContext, uploads: PartialUploads, id: string, handle: ResumableHandle | undefined): Promise<FileRecord> {
  const record = await context.store.getFile(id);
  if (record === undefined) throw new CommitError(new HttpError('NOT_FOUND', `File "${id}" does not exist any more`), true);
  if (record.isUploaded) return record;
  const bucket = await context.store.getBucket(record.bucketId);
  if (bucket === undefined) throw new CommitError(new HttpError('NOT_FOUND', `Bucket "${record.bucketId}" does not exist any more`), true);
  let current = handle;
  try {
    current ??= (await uploads.start(record, bucket, Readable.from([]))).handle;
    const bounds = sizeBounds(bucket, context.config);
    const result = await uploads
      .for(record)
      .completeResumable(current, { minSize: bounds.min })
      .catch((error: unknown) => Promise.reject(clientError(error, 'file', bounds)));
    if (!/^[0-9a-f]{64}$/.test(result.sha256)) throw new HttpError('INTERNAL', 'The storage provider reported no SHA-256 for the upload; the provider contract requires one');
    const done = await context.store.updateFile(id, { isUploaded: true, size: result.size, etag: `"${result.sha256}"`, mimeType: result.contentType }, record.version);
    if (done === undefined) {
      await context.backends.get(record.backend).provider.delete(record.storageKey).catch(() => undefined);
      throw new HttpError('CONFLICT', `File "${id}" was changed or deleted while its upload was being stored`);
    }
    await uploads.tus.remove(id);
    return done;
  } catch (error) {
    const permanent = describeError(error).status < 500;
    if (permanent) {
      await uploads.discard(record, current);
      await context.store.deleteFile(id).catch(() => undefined);
    }
    throw new CommitError(error, permanent);
  }
}

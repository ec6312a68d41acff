import { createReadStream } from 'node:fs';
import type { StowageContext } from '../../context.js';
import { describeError, HttpError } from '../../http/http-status.js';
import { prepareContent, writeContent } from '../../files/write-content.js';
import type { FileRecord } from '../../store/records.js';
import type { Staging } from './staging.js';

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
 * Stores a finished upload's staged bytes through the bucket's provider, all or nothing, with the same
 * checks and SHA-256 entity tag as `POST /v1/files` (MIME sniffed from the magic bytes, the bucket's
 * allow-list and size bounds), and completes its record. Idempotent: a record already complete is answered.
 * @throws {CommitError} permanent for a refusal of the file itself (its record and staged bytes are then
 *   removed), retryable for a backend that failed (everything is kept).
 */
export async function commitUpload(context: StowageContext, staging: Staging, id: string): Promise<FileRecord> {
  const record = await context.store.getFile(id);
  if (record === undefined) throw new CommitError(new HttpError('NOT_FOUND', `File "${id}" does not exist any more`), true);
  if (record.isUploaded) return record;
  const bucket = await context.store.getBucket(record.bucketId);
  if (bucket === undefined) throw new CommitError(new HttpError('NOT_FOUND', `Bucket "${record.bucketId}" does not exist any more`), true);
  try {
    const { body, mimeType } = await prepareContent(context, bucket, { stream: createReadStream(staging.path(id)), mimeType: record.mimeType }, 'file');
    const written = await writeContent(context, bucket, { body, mimeType, storageKey: record.storageKey, field: 'file' });
    const patch = { isUploaded: true, size: written.size, etag: written.etag, mimeType: written.mimeType, backend: written.backend };
    const done = await context.store.updateFile(id, patch, record.version);
    if (done === undefined) {
      await context.backends.get(written.backend).provider.delete(record.storageKey).catch(() => undefined);
      throw new HttpError('CONFLICT', `File "${id}" was changed or deleted while its upload was being stored`);
    }
    await staging.discard(id);
    return done;
  } catch (error) {
    const permanent = describeError(error).status < 500;
    if (permanent) {
      await context.store.deleteFile(id).catch(() => undefined);
      await staging.discard(id);
    }
    throw new CommitError(error, permanent);
  }
}

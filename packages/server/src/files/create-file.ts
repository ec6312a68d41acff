import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { StowageContext } from '../context.js';
import { HttpError } from '../http/http-status.js';
import type { Bucket, FileRecord } from '../store/records.js';
import { FILE_ID, newStorageKey } from './storage-key.js';
import { prepareContent, writeContent } from './write-content.js';

/** One file to create. */
export interface CreateFileInput {
  bucket: Bucket;
  /** A custom id; a UUID when absent. */
  id?: string;
  name: string;
  metadata: Record<string, unknown> | null;
  uploadedByUserId: string | null;
  part: { stream: Readable; mimeType: string };
  /** The form field, for error messages. */
  field: string;
  /** Where the bytes go (the Strapi API's folder and hash); a fresh `<bucket>/<id>.<random>` when absent. */
  storageKey?: string;
}

/**
 * Creates a file in two phases: a record with `isUploaded=false`, the bytes, then the record completed.
 * A failure removes the record (and any bytes written), so no record ever points at missing bytes.
 */
export async function createFile(context: StowageContext, input: CreateFileInput): Promise<FileRecord> {
  const id = input.id ?? randomUUID();
  if (!FILE_ID.test(id)) {
    input.part.stream.resume();
    throw new HttpError('INVALID_INPUT', `Invalid ${input.field} metadata id: "${id}" must be 1-128 letters, digits, "-" or "_", starting with a letter or digit`);
  }
  const { body, mimeType } = await prepareContent(context, input.bucket, input.part, input.field);
  const storageKey = input.storageKey ?? newStorageKey(input.bucket.id, id);
  const backend = context.backends.forBucket(input.bucket.id);
  let pending: FileRecord;
  try {
    pending = await context.store.insertFile({ id, bucketId: input.bucket.id, name: input.name, mimeType, storageKey, backend: backend.id, uploadedByUserId: input.uploadedByUserId, metadata: input.metadata });
  } catch (error) {
    body.destroy();
    throw error;
  }
  let written;
  try {
    written = await writeContent(context, input.bucket, { body, mimeType, storageKey, field: input.field });
  } catch (error) {
    await context.store.deleteFile(id, pending.version).catch((cleanup: unknown) => context.logger.error({ err: cleanup, fileId: id }, 'could not remove the record of a failed upload'));
    throw error;
  }
  const done = await context.store.updateFile(id, { isUploaded: true, size: written.size, etag: written.etag, mimeType: written.mimeType }, pending.version).catch((error: unknown) => {
    context.logger.error({ err: error, fileId: id }, 'could not complete a file record');
    return undefined;
  });
  if (done === undefined) {
    // The record went away meanwhile (deleted by another request): the bytes must not stay behind.
    await backend.provider.delete(storageKey).catch(() => undefined);
    await context.store.deleteFile(id, pending.version).catch(() => undefined);
    throw new HttpError('CONFLICT', `File "${id}" was changed or deleted while it was being uploaded`);
  }
  return done;
}

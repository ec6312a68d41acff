import type { Readable } from 'node:stream';
import type { ResumableHandle } from '@stowage/core';
import { DataStore, ERRORS, Upload } from '@tus/utils';
import type { StowageContext } from '../../context.js';
import { describeError } from '../../http/http-status.js';
import type { FileRecord } from '../../store/records.js';
import type { ExpectedChecksum } from './checksum.js';
import { CommitError, commitUpload } from './commit-upload.js';
import type { PartialUploads } from './partial-uploads.js';
import type { TusStore } from './tus-store.js';

/**
 * The tus datastore over Stowage: partial bytes are kept through the bucket's provider or staged (see
 * {@link PartialUploads}), with the handle that resumes them in the shared database, and the last byte
 * completes the file ({@link commitUpload}). The handle after the last PATCH is recorded only once the file
 * is stored: a commit that fails for a retryable reason leaves the offset before that PATCH, so the
 * client's retry of it stores the file.
 */
export class TusDataStore extends DataStore {
  override extensions = ['creation', 'creation-with-upload', 'creation-defer-length', 'termination', 'expiration', 'checksum'];
  /** The checksum each upload's current PATCH announced (set by the request hook, read by `write`). */
  readonly checksums = new Map<string, ExpectedChecksum>();
  /** Records committed by a PATCH, for the answer's `Stowage-File` header. */
  readonly committed = new Map<string, FileRecord>();

  constructor(
    readonly context: StowageContext,
    readonly tus: TusStore,
    readonly uploads: PartialUploads,
    readonly expiresInMs: number,
  ) {
    super();
  }

  override async create(upload: Upload): Promise<Upload> {
    const createdAt = new Date().toISOString();
    await this.tus.insert({ id: upload.id, size: upload.size, offset: 0, metadata: upload.metadata ?? {}, createdAt });
    upload.creation_date = createdAt;
    return upload;
  }

  override async getUpload(id: string): Promise<Upload> {
    const row = await this.tus.get(id);
    if (row !== undefined) return new Upload({ id, size: row.size, offset: row.offset, metadata: row.metadata, creation_date: row.createdAt });
    // A finished upload answers its full length, so a client resuming it learns it is done.
    const record = await this.context.store.getFile(id);
    if (record?.isUploaded === true) return new Upload({ id, size: record.size, offset: record.size, creation_date: record.createdAt });
    throw ERRORS.FILE_NOT_FOUND;
  }

  override async write(body: Readable, id: string, offset: number): Promise<number> {
    const row = await this.tus.get(id);
    if (row === undefined) throw ERRORS.FILE_NOT_FOUND;
    if (row.offset !== offset) throw ERRORS.INVALID_OFFSET;
    const expected = this.checksums.get(id);
    this.checksums.delete(id);
    const record = await this.context.store.getFile(id);
    const bucket = record === undefined ? undefined : await this.context.store.getBucket(record.bucketId);
    if (record === undefined || bucket === undefined) throw ERRORS.FILE_NOT_FOUND;
    let handle = row.handle;
    let stream = body;
    if (handle === undefined) {
      try {
        ({ handle, body: stream } = await this.uploads.start(record, bucket, body));
      } catch (error) {
        // Content the bucket refuses is refused for good: the upload goes.
        if (describeError(error).status < 500) await this.#drop(record, undefined);
        throw error;
      }
    }
    const next = await this.uploads.append(record, bucket, handle, stream, expected);
    if (row.size === undefined || next.offset < row.size) {
      await this.tus.setProgress(id, next);
      return next.offset;
    }
    try {
      this.committed.set(id, await commitUpload(this.context, this.uploads, id, next));
      return next.offset;
    } catch (error) {
      throw unwrap(error);
    }
  }

  /** Stores a finished upload (also called for an empty one, which never sees a PATCH). */
  async finish(id: string): Promise<FileRecord> {
    const known = this.committed.get(id);
    if (known !== undefined) return known;
    const row = await this.tus.get(id);
    const record = await commitUpload(this.context, this.uploads, id, row?.handle).catch((error: unknown) => {
      throw unwrap(error);
    });
    this.committed.set(id, record);
    return record;
  }

  override async remove(id: string): Promise<void> {
    const row = await this.tus.get(id);
    if (row === undefined) throw ERRORS.FILE_NOT_FOUND;
    await this.#drop(await this.context.store.getFile(id), row.handle);
  }

  async #drop(record: FileRecord | undefined, handle: ResumableHandle | undefined): Promise<void> {
    await this.uploads.discard(record, handle);
    if (record !== undefined) await this.context.store.deleteFile(record.id);
  }

  override async declareUploadLength(id: string, length: number): Promise<void> {
    await this.tus.setSize(id, length);
  }

  override getExpiration(): number {
    return this.expiresInMs;
  }

  override async deleteExpired(): Promise<number> {
    return (await this.sweep()).length;
  }

  /** Removes the uploads past their expiry, with their parts and records; answers the records. */
  async sweep(): Promise<FileRecord[]> {
    const cutoff = new Date(Date.now() - this.expiresInMs).toISOString();
    const removed: FileRecord[] = [];
    for (const row of await this.tus.createdBefore(cutoff)) {
      const record = await this.context.store.getFile(row.id);
      await this.uploads.discard(record, row.handle);
      if (record === undefined) await this.tus.remove(row.id);
      else if (!record.isUploaded && (await this.context.store.deleteFile(record.id, record.version))) removed.push(record);
    }
    return removed;
  }
}

/** The error a client should see (the tus server's error hook renders it). */
function unwrap(error: unknown): unknown {
  return error instanceof CommitError ? error.error : error;
}

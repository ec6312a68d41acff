import type { Readable } from 'node:stream';
import { DataStore, ERRORS, Upload } from '@tus/utils';
import type { StowageContext } from '../../context.js';
import type { FileRecord } from '../../store/records.js';
import type { ExpectedChecksum } from './checksum.js';
import { CommitError, commitUpload } from './commit-upload.js';
import type { Staging } from './staging.js';
import type { TusStore } from './tus-store.js';

/**
 * The tus datastore over Stowage: partial bytes are staged (see {@link Staging}) with their state in
 * the shared database, and the last byte commits the file through the bucket's provider
 * ({@link commitUpload}). An upload's offset reaches its length only once the file is stored: a commit
 * that fails for a retryable reason cuts the last chunk off again, so the client's retry of that PATCH
 * stores it.
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
    readonly staging: Staging,
    readonly expiresInMs: number,
  ) {
    super();
  }

  override async create(upload: Upload): Promise<Upload> {
    const createdAt = new Date().toISOString();
    await this.staging.create(upload.id);
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
    const written = await this.staging.append(id, offset, body, expected);
    const end = offset + written;
    if (row.size === undefined || end < row.size) {
      await this.tus.setOffset(id, end);
      return end;
    }
    return this.#commit(id, offset, end);
  }

  /** Stores a finished upload (also called for an empty one, which never sees a PATCH). */
  async finish(id: string): Promise<FileRecord> {
    const known = this.committed.get(id);
    if (known !== undefined) return known;
    const record = await commitUpload(this.context, this.staging, id).catch((error: unknown) => {
      throw unwrap(error);
    });
    this.committed.set(id, record);
    return record;
  }

  async #commit(id: string, offset: number, end: number): Promise<number> {
    try {
      this.committed.set(id, await commitUpload(this.context, this.staging, id));
      return end;
    } catch (error) {
      if (error instanceof CommitError && !error.permanent) await this.staging.truncate(id, offset).catch(() => undefined);
      throw unwrap(error);
    }
  }

  override async remove(id: string): Promise<void> {
    const row = await this.tus.get(id);
    if (row === undefined) throw ERRORS.FILE_NOT_FOUND;
    await this.staging.discard(id);
    await this.context.store.deleteFile(id);
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

  /** Removes the uploads past their expiry, with their staged bytes and records; answers the records. */
  async sweep(): Promise<FileRecord[]> {
    const cutoff = new Date(Date.now() - this.expiresInMs).toISOString();
    const removed: FileRecord[] = [];
    for (const row of await this.tus.createdBefore(cutoff)) {
      const record = await this.context.store.getFile(row.id);
      await this.staging.discard(row.id);
      if (record !== undefined && !record.isUploaded && (await this.context.store.deleteFile(record.id, record.version))) removed.push(record);
    }
    return removed;
  }
}

/** The error a client should see (the tus server's error hook renders it). */
function unwrap(error: unknown): unknown {
  return error instanceof CommitError ? error.error : error;
}

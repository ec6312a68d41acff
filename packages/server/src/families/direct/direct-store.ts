import type { Kysely } from 'kysely';
import { now } from '../../store/records.js';
import type { Database } from '../../store/schema.js';

/** The table of migration `0004_direct_uploads`. */
// A type, not an interface: Kysely's `withTables` wants an index signature.
export type DirectTables = {
  stowage_direct_uploads: {
    file_id: string;
    storage_key: string;
    declared_size: number | string;
    declared_mime_type: string;
    expires_at: string;
    created_at: string;
  };
};

/** A declared direct upload, waiting for its bytes and `POST /v1/files/{id}/complete`. */
export interface PendingUpload {
  fileId: string;
  storageKey: string;
  /** The size the client declared, in bytes: the stored object must have exactly this size. */
  size: number;
  /** The MIME type the client declared (normalized), which the upload was signed with. */
  mimeType: string;
  /** When the signed upload URL stops working. */
  expiresAt: Date;
}

/** Pending direct uploads, beside the file records they belong to (deleting a record deletes its row). */
export class DirectStore {
  readonly #db: Kysely<Database & DirectTables>;

  /** Over the server's shared database, whose migrations include `0004_direct_uploads`. */
  constructor(db: Kysely<Database>) {
    this.#db = db.withTables<DirectTables>();
  }

  async insert(upload: PendingUpload): Promise<void> {
    await this.#db
      .insertInto('stowage_direct_uploads')
      .values({ file_id: upload.fileId, storage_key: upload.storageKey, declared_size: upload.size, declared_mime_type: upload.mimeType, expires_at: upload.expiresAt.toISOString(), created_at: now() })
      .execute();
  }

  async get(fileId: string): Promise<PendingUpload | undefined> {
    const row = await this.#db.selectFrom('stowage_direct_uploads').selectAll().where('file_id', '=', fileId).executeTakeFirst();
    return row === undefined ? undefined : toPending(row);
  }

  /** The pending upload whose bytes go to `storageKey`. */
  async byStorageKey(storageKey: string): Promise<PendingUpload | undefined> {
    const row = await this.#db.selectFrom('stowage_direct_uploads').selectAll().where('storage_key', '=', storageKey).executeTakeFirst();
    return row === undefined ? undefined : toPending(row);
  }

  /** Of `fileIds`, the pending uploads that expire after `cutoff`. */
  async unexpired(fileIds: readonly string[], cutoff: Date): Promise<Set<string>> {
    if (fileIds.length === 0) return new Set();
    const rows = await this.#db
      .selectFrom('stowage_direct_uploads')
      .select('file_id')
      .where('file_id', 'in', [...fileIds])
      .where('expires_at', '>', cutoff.toISOString())
      .execute();
    return new Set(rows.map((row) => row.file_id));
  }

  /** Ends the wait (the upload was completed); resolves whether a row went, so only one completion wins. */
  async delete(fileId: string): Promise<boolean> {
    const result = await this.#db.deleteFrom('stowage_direct_uploads').where('file_id', '=', fileId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}

function toPending(row: DirectTables['stowage_direct_uploads']): PendingUpload {
  return { fileId: row.file_id, storageKey: row.storage_key, size: Number(row.declared_size), mimeType: row.declared_mime_type, expiresAt: new Date(row.expires_at) };
}

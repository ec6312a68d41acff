import type { ResumableHandle } from '@stowage/core';
import type { Kysely, Migration, Selectable } from 'kysely';
import type { Database } from '../../store/schema.js';

/** One unfinished resumable upload, beside its file record (`stowage_files`, same id). */
export interface TusUploadsTable {
  id: string;
  /** The declared length; null while deferred (`Upload-Defer-Length`). */
  size: number | string | null;
  /** Bytes received and made durable so far. */
  offset: number | string;
  /** `Upload-Metadata` as received, JSON. */
  metadata: string;
  created_at: string;
  /** The partial upload's handle (`ResumableHandle`) as JSON; null until the first bytes arrive. */
  handle: string | null;
}

type TusDatabase = Database & { stowage_tus_uploads: TusUploadsTable };

/** An unfinished upload as the datastore sees it. */
export interface TusUploadRow {
  id: string;
  size: number | undefined;
  offset: number;
  metadata: Record<string, string | null>;
  createdAt: string;
  /** Where the bytes so far are kept: the provider's (or the staging fallback's) handle. */
  handle?: ResumableHandle;
}

export const tusMigrations: Readonly<Record<string, Migration>> = {
  '0004_tus': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('stowage_tus_uploads')
        .addColumn('id', 'varchar(255)', (c) => c.primaryKey().references('stowage_files.id').onDelete('cascade'))
        .addColumn('size', 'bigint')
        .addColumn('offset', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('metadata', 'text', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('stowage_tus_uploads').execute();
    },
  },
  '0005_tus_handle': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('stowage_tus_uploads').addColumn('handle', 'text').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('stowage_tus_uploads').dropColumn('handle').execute();
    },
  },
};

/** The unfinished uploads' state, in the shared database: any instance can resume any upload. */
export class TusStore {
  readonly #db: Kysely<TusDatabase>;

  constructor(db: Kysely<Database>) {
    this.#db = db as unknown as Kysely<TusDatabase>;
  }

  async insert(row: TusUploadRow): Promise<void> {
    await this.#db
      .insertInto('stowage_tus_uploads')
      .values({ id: row.id, size: row.size ?? null, offset: row.offset, metadata: JSON.stringify(row.metadata), created_at: row.createdAt })
      .execute();
  }

  async get(id: string): Promise<TusUploadRow | undefined> {
    const row = await this.#db.selectFrom('stowage_tus_uploads').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toRow(row);
  }

  /** Records the bytes made durable and the handle that resumes after them. */
  async setProgress(id: string, handle: ResumableHandle): Promise<void> {
    await this.#db.updateTable('stowage_tus_uploads').set({ offset: handle.offset, handle: JSON.stringify(handle) }).where('id', '=', id).execute();
  }

  async setSize(id: string, size: number): Promise<void> {
    await this.#db.updateTable('stowage_tus_uploads').set({ size }).where('id', '=', id).execute();
  }

  async remove(id: string): Promise<void> {
    await this.#db.deleteFrom('stowage_tus_uploads').where('id', '=', id).execute();
  }

  /** Uploads created before `cutoff` (ISO), oldest first. */
  async createdBefore(cutoff: string, limit = 500): Promise<TusUploadRow[]> {
    const rows = await this.#db.selectFrom('stowage_tus_uploads').selectAll().where('created_at', '<', cutoff).orderBy('created_at').limit(limit).execute();
    return rows.map(toRow);
  }
}

function toRow(row: Selectable<TusUploadsTable>): TusUploadRow {
  return {
    id: row.id,
    size: row.size === null ? undefined : Number(row.size),
    offset: Number(row.offset),
    metadata: JSON.parse(row.metadata) as Record<string, string | null>,
    createdAt: row.created_at,
    ...(row.handle === null || row.handle === undefined ? {} : { handle: JSON.parse(row.handle) as ResumableHandle }),
  };
}

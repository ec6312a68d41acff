import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';

/** A transformed image kept for reuse. */
export interface StoredVariant {
  storageKey: string;
  sourceKey: string;
  backend: string | null;
  params: string;
  size: number;
  mimeType: string;
  etag: string;
}

/**
 * The kept variants, in the shared database (migration `0006_image_variants`): any instance reuses a
 * variant another one made, and the maintenance sweep counts their keys as in use.
 */
export class VariantStore {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async get(storageKey: string): Promise<StoredVariant | undefined> {
    const row = await this.#db.selectFrom('stowage_image_variants').selectAll().where('storage_key', '=', storageKey).executeTakeFirst();
    if (row === undefined) return undefined;
    return { storageKey: row.storage_key, sourceKey: row.source_key, backend: row.backend, params: row.params, size: Number(row.size), mimeType: row.mime_type, etag: row.etag };
  }

  /** Records a variant; another instance recording the same one first is no error (its bytes are the same). */
  async insert(variant: StoredVariant): Promise<void> {
    await this.#db
      .insertInto('stowage_image_variants')
      .values({ storage_key: variant.storageKey, source_key: variant.sourceKey, backend: variant.backend, params: variant.params, size: variant.size, mime_type: variant.mimeType, etag: variant.etag, created_at: new Date().toISOString() })
      .onConflict((c) => c.column('storage_key').doNothing())
      .execute();
  }

  /** The variants made of the bytes at `sourceKey`. */
  async ofSource(sourceKey: string, backend: string | null): Promise<string[]> {
    let query = this.#db.selectFrom('stowage_image_variants').select('storage_key').where('source_key', '=', sourceKey);
    query = backend === null ? query.where('backend', 'is', null) : query.where('backend', '=', backend);
    return (await query.execute()).map((row) => row.storage_key);
  }

  async delete(storageKey: string): Promise<void> {
    await this.#db.deleteFrom('stowage_image_variants').where('storage_key', '=', storageKey).execute();
  }
}

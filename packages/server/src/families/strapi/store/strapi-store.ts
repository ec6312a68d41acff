import { sql, type Kysely } from 'kysely';
import { now, toFileRecord, type FileRecord } from '../../../store/records.js';
import type { Database } from '../../../store/schema.js';
import type { StrapiDatabase, StrapiTables } from './tables.js';
import { STRAPI_COLUMNS, toSql, type AnyEb, type StrapiColumn, type StrapiCondition } from './strapi-conditions.js';

export { STRAPI_COLUMNS, type StrapiColumn, type StrapiCondition } from './strapi-conditions.js';

/** A responsive format of an image: a file record of its own, served like any file. */
export interface StrapiFormat {
  fileId: string;
  name: string;
  hash: string;
  ext: string;
  mime: string;
  width: number;
  height: number;
  /** Bytes. */
  sizeInBytes: number;
}

/** Strapi's facts about one file, beside its {@link FileRecord}. */
export interface StrapiFile {
  id: number;
  documentId: string;
  alternativeText: string | null;
  caption: string | null;
  width: number | null;
  height: number | null;
  formats: Record<string, StrapiFormat> | null;
  hash: string;
  ext: string;
  folderPath: string;
  providerMetadata: Record<string, unknown> | null;
  file: FileRecord;
  related: StrapiLink[];
}

/** A link to an entry of the app's own. */
export interface StrapiLink {
  ref: string;
  refId: string;
  field: string;
}

/** Strapi's tables (migration `0002_strapi`): file facts, and links to the app's entries. */
export class StrapiStore {
  readonly #db: Kysely<StrapiDatabase>;

  /** Over the server's shared database (`FileStore.db`), whose migrations include `0002_strapi`. */
  constructor(db: Kysely<Database>) {
    this.#db = db.withTables<StrapiTables>();
  }

  /** Adds Strapi's row for an uploaded file; resolves its numeric id. */
  async insert(row: Omit<StrapiFile, 'id' | 'file' | 'related'> & { fileId: string }): Promise<number> {
    const inserted = await this.#db
      .insertInto('stowage_strapi_files')
      .values({
        file_id: row.fileId,
        document_id: row.documentId,
        alternative_text: row.alternativeText,
        caption: row.caption,
        width: row.width,
        height: row.height,
        formats: row.formats === null ? null : JSON.stringify(row.formats),
        hash: row.hash,
        ext: row.ext,
        folder_path: row.folderPath,
        provider_metadata: row.providerMetadata === null ? null : JSON.stringify(row.providerMetadata),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(inserted.id);
  }

  /** Changes Strapi's facts of file `id`. */
  async update(id: number, patch: Partial<Pick<StrapiFile, 'alternativeText' | 'caption' | 'width' | 'height' | 'formats' | 'hash' | 'ext'>>): Promise<void> {
    const set: Record<string, unknown> = {};
    if (patch.alternativeText !== undefined) set.alternative_text = patch.alternativeText;
    if (patch.caption !== undefined) set.caption = patch.caption;
    if (patch.width !== undefined) set.width = patch.width;
    if (patch.height !== undefined) set.height = patch.height;
    if (patch.formats !== undefined) set.formats = patch.formats === null ? null : JSON.stringify(patch.formats);
    if (patch.hash !== undefined) set.hash = patch.hash;
    if (patch.ext !== undefined) set.ext = patch.ext;
    if (Object.keys(set).length === 0) return;
    await this.#db.updateTable('stowage_strapi_files').set(set).where('id', '=', id).execute();
  }

  async get(id: number): Promise<StrapiFile | undefined> {
    return (await this.find({ where: { column: 'id', op: 'eq', value: id }, limit: 1 }))[0];
  }

  /** The Strapi file of one file record, when it was uploaded through the Strapi routes. */
  async getByFileId(fileId: string): Promise<StrapiFile | undefined> {
    return (await this.find({ where: { fileId }, limit: 1 }))[0];
  }

  /** Uploaded files matching `where`, sorted, one page. */
  async find(options: { where?: StrapiCondition; sort?: { column: StrapiColumn; desc: boolean }[]; offset?: number; limit?: number }): Promise<StrapiFile[]> {
    let query = this.#db
      .selectFrom('stowage_strapi_files as s')
      .innerJoin('stowage_files as f', 'f.id', 's.file_id')
      .selectAll('f')
      .select(['s.id as s_id', 's.document_id', 's.alternative_text', 's.caption', 's.width', 's.height', 's.formats', 's.hash', 's.ext', 's.folder_path', 's.provider_metadata'])
      .where('f.is_uploaded', '=', 1);
    if (options.where !== undefined) {
      const where = options.where;
      query = query.where((eb) => toSql(eb as AnyEb, where));
    }
    for (const { column, desc } of options.sort ?? []) query = query.orderBy(sql.ref(STRAPI_COLUMNS[column]), desc ? 'desc' : 'asc');
    query = query.orderBy('s.id', 'asc').limit(options.limit ?? 100).offset(options.offset ?? 0);
    const rows = await query.execute();
    const links = await this.linksOf(rows.map((r) => Number(r.s_id)));
    return rows.map((r) => ({
      id: Number(r.s_id),
      documentId: r.document_id,
      alternativeText: r.alternative_text,
      caption: r.caption,
      width: r.width === null ? null : Number(r.width),
      height: r.height === null ? null : Number(r.height),
      formats: r.formats === null ? null : (JSON.parse(r.formats) as Record<string, StrapiFormat>),
      hash: r.hash,
      ext: r.ext,
      folderPath: r.folder_path,
      providerMetadata: r.provider_metadata === null ? null : (JSON.parse(r.provider_metadata) as Record<string, unknown>),
      file: toFileRecord(r),
      related: links.get(Number(r.s_id)) ?? [],
    }));
  }

  /**
   * Links file `id` to an entry's field. A `single` field holds one file: the links of other files to
   * the same entry and field are removed first.
   */
  async link(id: number, link: StrapiLink, single: boolean): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      const target = trx.deleteFrom('stowage_strapi_links').where('ref', '=', link.ref).where('ref_id', '=', link.refId).where('field', '=', link.field);
      if (single) await target.execute();
      else await target.where('strapi_file_id', '=', id).execute();
      const last = await trx
        .selectFrom('stowage_strapi_links')
        .select((eb) => eb.fn.max('position').as('max'))
        .where('ref', '=', link.ref)
        .where('ref_id', '=', link.refId)
        .where('field', '=', link.field)
        .executeTakeFirst();
      const position = last?.max === null || last?.max === undefined ? 0 : Number(last.max) + 1;
      await trx.insertInto('stowage_strapi_links').values({ strapi_file_id: id, ref: link.ref, ref_id: link.refId, field: link.field, position, created_at: now() }).execute();
    });
  }

  async linksOf(ids: readonly number[]): Promise<Map<number, StrapiLink[]>> {
    const found = new Map<number, StrapiLink[]>();
    if (ids.length === 0) return found;
    const rows = await this.#db.selectFrom('stowage_strapi_links').selectAll().where('strapi_file_id', 'in', [...ids]).orderBy('position').execute();
    for (const row of rows) {
      const list = found.get(row.strapi_file_id) ?? [];
      list.push({ ref: row.ref, refId: row.ref_id, field: row.field });
      found.set(row.strapi_file_id, list);
    }
    return found;
  }
}

import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { StrapiLink } from './strapi-store.js';

/** The columns a filter or sort may name (Strapi's attribute names). */
export const STRAPI_COLUMNS = {
  id: 's.id',
  documentId: 's.document_id',
  name: 'f.name',
  alternativeText: 's.alternative_text',
  caption: 's.caption',
  width: 's.width',
  height: 's.height',
  hash: 's.hash',
  ext: 's.ext',
  mime: 'f.mime_type',
  size: 'f.size',
  folderPath: 's.folder_path',
  createdAt: 'f.created_at',
  updatedAt: 'f.updated_at',
} as const;
export type StrapiColumn = keyof typeof STRAPI_COLUMNS;

/** A parsed filter: Strapi's `filters` query as a tree the store turns into SQL. */
export type StrapiCondition =
  | { and: StrapiCondition[] }
  | { or: StrapiCondition[] }
  | { not: StrapiCondition }
  | { column: StrapiColumn; op: 'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte' | 'in' | 'notIn' | 'like' | 'ilike' | 'notLike' | 'null' | 'notNull'; value?: unknown }
  | { related: Partial<StrapiLink> }
  /** Internal (never from a query string): files of one bucket, of one uploader, or one file record. */
  | { bucket: string }
  | { uploadedBy: string }
  | { fileId: string };

const OPS = { eq: '=', ne: '<>', lt: '<', lte: '<=', gt: '>', gte: '>=', in: 'in', notIn: 'not in', like: 'like', notLike: 'not like' } as const;

// The query joins two aliased tables; column names are checked against STRAPI_COLUMNS before use.
export type AnyEb = ExpressionBuilder<any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A parsed filter as a SQL condition over `s` (Strapi's rows) joined with `f` (file records). */
export function toSql(eb: AnyEb, condition: StrapiCondition): Expression<SqlBool> {
  if ('and' in condition) return eb.and(condition.and.map((c) => toSql(eb, c)));
  if ('or' in condition) return eb.or(condition.or.map((c) => toSql(eb, c)));
  if ('not' in condition) return eb.not(toSql(eb, condition.not));
  if ('bucket' in condition) return eb('f.bucket_id', '=', condition.bucket);
  if ('uploadedBy' in condition) return eb('f.uploaded_by_user_id', '=', condition.uploadedBy);
  if ('fileId' in condition) return eb('f.id', '=', condition.fileId);
  if ('related' in condition) {
    const { ref, refId, field } = condition.related;
    let sub = eb.selectFrom('stowage_strapi_links as l').select('l.strapi_file_id').whereRef('l.strapi_file_id', '=', 's.id');
    if (ref !== undefined) sub = sub.where('l.ref', '=', ref);
    if (refId !== undefined) sub = sub.where('l.ref_id', '=', refId);
    if (field !== undefined) sub = sub.where('l.field', '=', field);
    return eb.exists(sub);
  }
  const column = sql.ref(STRAPI_COLUMNS[condition.column]);
  switch (condition.op) {
    case 'null':
      return eb(column, 'is', null);
    case 'notNull':
      return eb(column, 'is not', null);
    case 'ilike':
      return eb(eb.fn('lower', [column]), 'like', String(condition.value).toLowerCase());
    case 'in':
    case 'notIn': {
      const values = Array.isArray(condition.value) ? condition.value : [condition.value];
      if (values.length === 0) return sql<SqlBool>`1 = ${sql.lit(condition.op === 'notIn' ? 1 : 0)}`;
      return eb(column, OPS[condition.op], values);
    }
    default:
      return eb(column, OPS[condition.op], condition.value);
  }
}

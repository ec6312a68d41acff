import { HttpError } from '../../http/http-status.js';
import { STRAPI_COLUMNS, type StrapiColumn, type StrapiCondition } from './store/strapi-store.js';

/** What `GET /upload/files` asks the store for. */
export interface FindQuery {
  where?: StrapiCondition;
  sort: { column: StrapiColumn; desc: boolean }[];
  offset: number;
  limit: number;
}

const NUMERIC = new Set<StrapiColumn>(['id', 'width', 'height', 'size']);
const MAX_PAGE = 1000;

/**
 * Strapi's query string (`qs` brackets): `filters` (attributes with `$eq`, `$ne`, `$lt[e]`, `$gt[e]`,
 * `$in`, `$notIn`, `$contains[i]`, `$notContains[i]`, `$startsWith`, `$endsWith`, `$null`, `$notNull`,
 * `$eqi`, and `$and`/`$or`/`$not`; `related` with `ref`, `refId` (or `id`) and `field`), `sort`
 * (`name:asc`, lists) and `pagination` (`page`/`pageSize` or `start`/`limit`).
 * @throws `HttpError` 400 naming the unknown attribute or operator.
 */
export async function parseFindQuery(search: string): Promise<FindQuery> {
  // qs and its dependencies weigh about 6 MiB of resident memory: loaded by the first listing only.
  const { default: qs } = await import('qs');
  const query = qs.parse(search, { depth: 8, arrayLimit: 200, parameterLimit: 500 }) as Record<string, unknown>;
  const where = query.filters === undefined ? undefined : condition(query.filters, 'filters');
  return { ...(where === undefined ? {} : { where }), sort: parseSort(query.sort), ...parsePagination(query.pagination, query) };
}

function condition(value: unknown, path: string): StrapiCondition {
  if (Array.isArray(value)) return { and: value.map((v, i) => condition(v, `${path}[${i}]`)) };
  if (typeof value !== 'object' || value === null) throw new HttpError('INVALID_INPUT', `Invalid ${path}: expected an object of attributes`);
  const all: StrapiCondition[] = [];
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    const where = `${path}[${key}]`;
    if (key === '$and' || key === '$or') {
      const list = Array.isArray(inner) ? inner : typeof inner === 'object' && inner !== null ? Object.values(inner) : [];
      const parts = list.map((v, i) => condition(v, `${where}[${i}]`));
      all.push(key === '$and' ? { and: parts } : { or: parts });
    } else if (key === '$not') all.push({ not: condition(inner, where) });
    else if (key === 'related') all.push({ related: relatedFilter(inner, where) });
    else if (key in STRAPI_COLUMNS) all.push(...attribute(key as StrapiColumn, inner, where));
    else throw new HttpError('INVALID_INPUT', `Invalid ${where}: unknown attribute "${key}"; expected one of ${Object.keys(STRAPI_COLUMNS).join(', ')}, related`, { key });
  }
  return all.length === 1 ? (all[0] as StrapiCondition) : { and: all };
}

function relatedFilter(value: unknown, path: string): { ref?: string; refId?: string; field?: string } {
  if (typeof value !== 'object' || value === null) throw new HttpError('INVALID_INPUT', `Invalid ${path}: expected { ref, refId, field }`);
  const out: { ref?: string; refId?: string; field?: string } = {};
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    const plain = typeof inner === 'object' && inner !== null && '$eq' in inner ? (inner as { $eq: unknown }).$eq : inner;
    if (typeof plain !== 'string' && typeof plain !== 'number') throw new HttpError('INVALID_INPUT', `Invalid ${path}[${key}]: expected a value or { $eq: value }`);
    if (key === 'ref' || key === 'field') out[key] = String(plain);
    else if (key === 'refId' || key === 'id') out.refId = String(plain);
    else throw new HttpError('INVALID_INPUT', `Invalid ${path}[${key}]: expected ref, refId (or id) or field`);
  }
  return out;
}

function attribute(column: StrapiColumn, value: unknown, path: string): StrapiCondition[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [{ column, op: Array.isArray(value) ? 'in' : 'eq', value: coerce(column, value) }];
  return Object.entries(value as Record<string, unknown>).map(([op, v]): StrapiCondition => {
    const text = String(v);
    switch (op) {
      case '$eq':
      case '$ne':
      case '$lt':
      case '$lte':
      case '$gt':
      case '$gte':
        return { column, op: op.slice(1) as 'eq', value: coerce(column, v) };
      case '$eqi':
        return { column, op: 'ilike', value: text };
      case '$in':
      case '$notIn':
        return { column, op: op.slice(1) as 'in', value: (Array.isArray(v) ? v : [v]).map((x) => coerce(column, x)) };
      case '$contains':
        return { column, op: 'like', value: `%${text}%` };
      case '$notContains':
        return { column, op: 'notLike', value: `%${text}%` };
      case '$containsi':
        return { column, op: 'ilike', value: `%${text}%` };
      case '$notContainsi':
        return { not: { column, op: 'ilike', value: `%${text}%` } };
      case '$startsWith':
        return { column, op: 'like', value: `${text}%` };
      case '$endsWith':
        return { column, op: 'like', value: `%${text}` };
      case '$null':
        return { column, op: text === 'true' ? 'null' : 'notNull' };
      case '$notNull':
        return { column, op: text === 'true' ? 'notNull' : 'null' };
      default:
        throw new HttpError('INVALID_INPUT', `Invalid ${path}: unknown operator "${op}"`, { operator: op });
    }
  });
}

function coerce(column: StrapiColumn, value: unknown): unknown {
  if (!NUMERIC.has(column)) return typeof value === 'string' ? value : String(value);
  const n = Number(value);
  if (!Number.isFinite(n)) throw new HttpError('INVALID_INPUT', `Invalid filters[${column}]: expected a number, got "${String(value).slice(0, 40)}"`);
  // Strapi's `size` is in KB; records hold bytes.
  return column === 'size' ? Math.round(n * 1000) : n;
}

function parseSort(value: unknown): { column: StrapiColumn; desc: boolean }[] {
  if (value === undefined) return [];
  const items: string[] = [];
  if (typeof value === 'string') items.push(...value.split(','));
  else if (Array.isArray(value)) items.push(...value.map(String));
  else if (typeof value === 'object' && value !== null) items.push(...Object.entries(value).map(([k, v]) => `${k}:${String(v)}`));
  return items.map((item) => {
    const [name = '', direction = 'asc'] = item.trim().split(':');
    if (!(name in STRAPI_COLUMNS)) throw new HttpError('INVALID_INPUT', `Invalid sort: unknown attribute "${name}"`);
    if (!/^(asc|desc)$/i.test(direction)) throw new HttpError('INVALID_INPUT', `Invalid sort: direction of "${name}" must be asc or desc`);
    return { column: name as StrapiColumn, desc: direction.toLowerCase() === 'desc' };
  });
}

function parsePagination(value: unknown, query: Record<string, unknown>): { offset: number; limit: number } {
  const p = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const int = (v: unknown, name: string, min: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new HttpError('INVALID_INPUT', `Invalid pagination[${name}]: expected an integer of at least ${min}`);
    return n;
  };
  if (p.page !== undefined || p.pageSize !== undefined) {
    const pageSize = Math.min(p.pageSize === undefined ? 25 : int(p.pageSize, 'pageSize', 1), MAX_PAGE);
    const page = p.page === undefined ? 1 : int(p.page, 'page', 1);
    return { offset: (page - 1) * pageSize, limit: pageSize };
  }
  const start = p.start ?? query.start;
  const limit = p.limit ?? query.limit;
  return { offset: start === undefined ? 0 : int(start, 'start', 0), limit: limit === undefined ? 100 : Math.min(int(limit, 'limit', 1), MAX_PAGE) };
}

import { listAll, normalizePrefix, type ListOptions, type ListPage, type ListPageOptions, type ObjectSummary } from '@stowage/core';
import { abortable, isHiddenKey, keyOf, unquote, type GcsContext } from './context.js';
import { gcsError, mapErrors } from './errors.js';

const MAX_PAGE_SIZE = 1000;

interface Cursor {
  /** The stored-name prefix the cursor belongs to. */
  p: string;
  /** GCS's page token. */
  t: string;
}

/**
 * One page of objects whose keys start with `prefix`, in ascending key order. The hidden pieces of
 * resumable uploads are left out, so a page can hold fewer than `pageSize` items (even none) and still
 * have a cursor.
 */
export async function listPage(ctx: GcsContext, options: ListPageOptions = {}): Promise<ListPage> {
  const prefix = normalizePrefix(options.prefix ?? '', ctx.prefix === '' ? {} : { prefix: ctx.prefix });
  const pageSize = options.pageSize ?? MAX_PAGE_SIZE;
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) {
    throw gcsError('INVALID_INPUT', 'Invalid pageSize: expected a positive integer');
  }
  const pageToken = options.cursor === undefined ? undefined : decodeCursor(options.cursor, prefix);
  const [files, next] = await abortable(options.signal, undefined, () =>
    mapErrors({ operation: 'list' }, () =>
      ctx.bucket.getFiles({
        autoPaginate: false,
        maxResults: Math.min(pageSize, MAX_PAGE_SIZE),
        ...(prefix === '' ? {} : { prefix }),
        ...(pageToken === undefined ? {} : { pageToken }),
      }),
    ),
  );
  const items: ObjectSummary[] = [];
  for (const file of files) {
    const key = keyOf(ctx, file.name);
    if (key === undefined || isHiddenKey(key)) continue;
    const { metadata } = file;
    items.push({
      key,
      size: Number(metadata.size ?? 0),
      ...(metadata.etag === undefined ? {} : { etag: unquote(metadata.etag) }),
      ...(metadata.updated === undefined ? {} : { lastModified: new Date(metadata.updated) }),
    });
  }
  const token = (next as { pageToken?: string } | null | undefined)?.pageToken;
  return { items, ...(token ? { cursor: encodeCursor({ p: prefix, t: token }) } : {}) };
}

/** Every object whose key starts with `prefix`, fetched page by page. */
export function list(ctx: GcsContext, options: ListOptions = {}): AsyncIterable<ObjectSummary> {
  return listAll((o) => listPage(ctx, o), options);
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

// GCS page tokens are opaque; wrapping them with the prefix lets a cursor from another listing be refused.
function decodeCursor(text: string, prefix: string): string {
  let cursor: Partial<Cursor> | undefined;
  try {
    cursor = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<Cursor>;
  } catch {
    cursor = undefined;
  }
  if (typeof cursor?.t !== 'string' || typeof cursor.p !== 'string') {
    throw gcsError('INVALID_INPUT', 'Invalid cursor: it was not issued by this provider');
  }
  if (cursor.p !== prefix) throw gcsError('INVALID_INPUT', 'Invalid cursor: it belongs to a listing with another prefix');
  return cursor.t;
}

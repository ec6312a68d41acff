import {
  listAll,
  normalizePrefix,
  stripPrefix,
  StowageError,
  type ListOptions,
  type ListPage,
  type ListPageOptions,
  type ObjectSummary,
} from '@stowage/core';
import { errorContext, type AzureContext } from './context.js';
import { mapErrors, PROVIDER } from './errors.js';
import { isReservedKey } from './reserved-keys.js';
import { unquote } from './upload.js';

const DEFAULT_PAGE_SIZE = 1000;
// Azure returns at most 5000 blobs per List Blobs call.
const MAX_PAGE_SIZE = 5000;

/**
 * One page of blobs whose names start with the prefix (under `rootPath`), in Azure's ascending order.
 * The cursor wraps Azure's continuation marker with the prefix it belongs to, so a cursor from another
 * listing (or made up) is refused with `INVALID_INPUT` instead of silently listing something else.
 * The markers of resumable uploads (`.stowage-resumable/…`) are never listed.
 */
export async function listPage(ctx: AzureContext, options: ListPageOptions = {}): Promise<ListPage> {
  const prefix = normalizePrefix(options.prefix ?? '', ctx.options.rootPath === undefined ? {} : { prefix: ctx.options.rootPath });
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) {
    throw new StowageError('INVALID_INPUT', 'Invalid pageSize: expected a positive integer', { provider: PROVIDER });
  }
  const marker = options.cursor === undefined ? undefined : decodeCursor(options.cursor, prefix);
  return mapErrors(errorContext(ctx, 'list', undefined, options.signal), async () => {
    const pages = ctx.container
      .listBlobsFlat({ ...(prefix === '' ? {} : { prefix }), ...(options.signal === undefined ? {} : { abortSignal: options.signal }) })
      .byPage({ maxPageSize: Math.min(pageSize, MAX_PAGE_SIZE), ...(marker === undefined ? {} : { continuationToken: marker }) });
    const { value: page } = await pages.next();
    const items: ObjectSummary[] = [];
    for (const blob of page?.segment.blobItems ?? []) {
      const key = stripPrefix(blob.name, ctx.options.rootPath);
      // Resumable uploads' markers are the provider's, not objects: a page may hold fewer items than asked.
      if (key === undefined || isReservedKey(key)) continue;
      items.push({
        key,
        size: blob.properties.contentLength ?? 0,
        ...(blob.properties.etag === undefined ? {} : { etag: unquote(blob.properties.etag) }),
        lastModified: blob.properties.lastModified,
      });
    }
    const next = page?.continuationToken;
    return { items, ...(next ? { cursor: encodeCursor(next, prefix) } : {}) };
  });
}

/** Every blob under the prefix, page by page. */
export function list(ctx: AzureContext, options: ListOptions = {}): AsyncIterable<ObjectSummary> {
  return listAll((pageOptions) => listPage(ctx, pageOptions), options);
}

function encodeCursor(marker: string, prefix: string): string {
  return Buffer.from(JSON.stringify({ v: 1, p: prefix, m: marker })).toString('base64url');
}

function decodeCursor(cursor: string, prefix: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const c = parsed as { v?: unknown; p?: unknown; m?: unknown } | undefined;
  if (typeof c !== 'object' || c === null || c.v !== 1 || typeof c.m !== 'string' || c.m === '') {
    throw new StowageError('INVALID_INPUT', 'Invalid cursor: expected the cursor of a previous page of this provider', { provider: PROVIDER });
  }
  if (c.p !== prefix) {
    throw new StowageError('INVALID_INPUT', 'Invalid cursor: it belongs to a listing with another prefix', { provider: PROVIDER });
  }
  return c.m;
}

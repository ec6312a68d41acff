import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { listAll, normalizePrefix, type ListOptions, type ListPage, type ListPageOptions, type ObjectSummary } from '@stowage/core';
import type { Context } from './context.js';
import { invalidInput, mapError } from './errors.js';
import { readRecordFile } from './store.js';

const DEFAULT_PAGE_SIZE = 1000;
const CURSOR_VERSION = 'v1:';

/**
 * `listPage`: keys starting with `prefix` (a plain string prefix), in ascending byte order, `pageSize` at
 * a time. The cursor is the last key of the page, encoded, so the next page starts after it.
 *
 * A directory store has no index, so each page reads every record: fine to start from, and the first
 * thing to replace with your backend's own listing call (which pages server-side).
 */
export async function listPage(ctx: Context, options: ListPageOptions = {}): Promise<ListPage> {
  const prefix = normalizePrefix(options.prefix);
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) throw invalidInput('pageSize', 'a positive integer');
  const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor);
  const matching = (await allObjects(ctx))
    .filter((item) => item.key.startsWith(prefix) && (after === undefined || compareKeys(item.key, after) > 0))
    .sort((a, b) => compareKeys(a.key, b.key));
  const items = matching.slice(0, pageSize);
  const last = items.at(-1);
  return { items, ...(matching.length > pageSize && last !== undefined ? { cursor: encodeCursor(last.key) } : {}) };
}

/** `list`: every page of {@link listPage}, as one async iterable. */
export function list(ctx: Context, options: ListOptions = {}): AsyncIterable<ObjectSummary> {
  return listAll((pageOptions) => listPage(ctx, pageOptions), options);
}

async function allObjects(ctx: Context): Promise<ObjectSummary[]> {
  let names: string[];
  try {
    names = await readdir(ctx.records);
  } catch (error) {
    throw mapError(error, 'write');
  }
  const records = await Promise.all(names.filter((name) => name.endsWith('.json')).map((name) => readRecordFile(join(ctx.records, name))));
  return records.flatMap((record) =>
    record === undefined ? [] : [{ key: record.key, size: record.size, etag: record.sha256, lastModified: new Date(record.lastModified) }],
  );
}

// Backends list in UTF-8 byte order, which differs from JavaScript's UTF-16 order for some characters.
function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function encodeCursor(key: string): string {
  return Buffer.from(`${CURSOR_VERSION}${key}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  const text = typeof cursor === 'string' ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (!text.startsWith(CURSOR_VERSION)) throw invalidInput('cursor', 'a cursor returned by a previous listPage call');
  return text.slice(CURSOR_VERSION.length);
}

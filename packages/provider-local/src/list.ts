import { join } from 'node:path';
import { isStowageError, listAll, normalizeKey, normalizePrefix, type ListOptions, type ListPage, type ListPageOptions, type ObjectSummary } from '@stowage/core';
import { assertOpen, throwIfAborted, type LocalContext } from './context.js';
import { invalidInput, mapFsError } from './errors.js';
import { readSidecar } from './metadata.js';
import { keyPaths, RESERVED_PREFIX } from './paths.js';

const DEFAULT_PAGE_SIZE = 1000;
const MAX_PAGE_SIZE = 10_000;

/**
 * `listPage`: walks the tree depth-first in ascending UTF-8 byte order of the keys, skipping folders that
 * cannot hold a key after the cursor or under the prefix, and stops after `pageSize + 1` keys (the extra
 * one tells whether another page follows). The cursor is the page's last key. Reserved names (the
 * `.stowage` folder, `.stowage-tmp-*` files) and anything that is neither a file nor a folder (symlinks)
 * are never listed.
 * @throws `INVALID_INPUT` for a bad `pageSize` or cursor; `INVALID_KEY` for a bad prefix.
 */
export async function listPage(ctx: LocalContext, options: ListPageOptions = {}): Promise<ListPage> {
  assertOpen(ctx);
  const prefix = normalizePrefix(options.prefix);
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isSafeInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw invalidInput('pageSize', `an integer from 1 to ${MAX_PAGE_SIZE}`);
  }
  const cursor = options.cursor === undefined ? undefined : checkCursor(options.cursor);
  const found: { key: string; size: number; lastModified: Date }[] = [];
  const walk = async (dir: string, keyPrefix: string): Promise<void> => {
    throwIfAborted(options.signal);
    const entries = await ctx.fs.readdir(dir).catch((error: unknown) => {
      const code = (error as { code?: string }).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return [];
      throw mapFsError(error, 'list');
    });
    const children = entries
      .filter((entry) => !entry.name.startsWith(RESERVED_PREFIX) && (entry.isFile() || entry.isDirectory()))
      .map((entry) => {
        const isDir = entry.isDirectory();
        const key = keyPrefix + entry.name + (isDir ? '/' : '');
        return { name: entry.name, isDir, key, bytes: Buffer.from(key, 'utf8') };
      })
      .sort((a, b) => Buffer.compare(a.bytes, b.bytes));
    for (const child of children) {
      if (found.length > pageSize) return;
      if (child.isDir) {
        if (!child.key.startsWith(prefix) && !prefix.startsWith(child.key)) continue;
        // Every key in this folder starts with child.key; all are at or before the cursor when the folder
        // sorts before it and does not contain it.
        if (cursor !== undefined && Buffer.compare(child.bytes, cursor.bytes) < 0 && !cursor.key.startsWith(child.key)) continue;
        await walk(join(dir, child.name), child.key);
      } else {
        if (!child.key.startsWith(prefix)) continue;
        if (cursor !== undefined && Buffer.compare(child.bytes, cursor.bytes) <= 0) continue;
        if (!isUsableKey(ctx.root, child.key)) continue;
        const stats = await ctx.fs.stat(join(dir, child.name)).catch(() => undefined);
        if (stats?.isFile()) found.push({ key: child.key, size: stats.size, lastModified: stats.mtime });
      }
    }
  };
  await walk(ctx.root, '');
  const more = found.length > pageSize;
  const page = found.slice(0, pageSize);
  const items = await Promise.all(page.map((entry) => withEtag(ctx, entry)));
  const last = page.at(-1);
  return { items, ...(more && last !== undefined ? { cursor: last.key } : {}) };
}

/** `list`: every key under the prefix, page by page. */
export function list(ctx: LocalContext, options: ListOptions = {}): AsyncIterable<ObjectSummary> {
  return listAll((pageOptions) => listPage(ctx, pageOptions), options);
}

// Files put there by other means whose names are no valid key (say, not NFC) could not be read back.
function isUsableKey(root: string, key: string): boolean {
  try {
    return keyPaths(root, key).key === key;
  } catch {
    return false;
  }
}

function checkCursor(cursor: unknown): { key: string; bytes: Buffer } {
  try {
    const key = normalizeKey(cursor);
    return { key, bytes: Buffer.from(key, 'utf8') };
  } catch (error) {
    if (isStowageError(error)) throw invalidInput('cursor', 'the cursor of a previous page of this provider');
    throw error;
  }
}

async function withEtag(ctx: LocalContext, entry: { key: string; size: number; lastModified: Date }): Promise<ObjectSummary> {
  const sidecar = await readSidecar(ctx, keyPaths(ctx.root, entry.key), entry);
  return { ...entry, ...(sidecar === undefined ? {} : { etag: sidecar.etag }) };
}

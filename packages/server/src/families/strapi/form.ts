import { randomBytes } from 'node:crypto';
import { extname } from 'node:path';
import { safeFolderPath } from '../../files/safe-name.js';
import { HttpError } from '../../http/http-status.js';

/** Strapi's `fileInfo` for one file. */
export interface FileInfo {
  name?: string;
  alternativeText?: string | null;
  caption?: string | null;
}

/**
 * `fileInfo`: a JSON object, or an array (one per file, in order). Unknown keys (`folder`) are ignored.
 * @throws `HttpError` 400 naming what is wrong.
 */
export function parseFileInfo(value: string): FileInfo[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new HttpError('INVALID_INPUT', 'Invalid fileInfo: expected a JSON object, or an array of them (one per file)');
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  return list.map((item, i) => {
    const where = Array.isArray(parsed) ? `fileInfo[${i}]` : 'fileInfo';
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new HttpError('INVALID_INPUT', `Invalid ${where}: expected a JSON object`);
    const info: FileInfo = {};
    const record = item as Record<string, unknown>;
    if (record.name !== undefined && record.name !== null) {
      if (typeof record.name !== 'string' || record.name.trim() === '' || record.name.length > 255) throw new HttpError('INVALID_INPUT', `Invalid ${where}.name: expected a non-empty string of at most 255 characters`);
      info.name = record.name;
    }
    for (const key of ['alternativeText', 'caption'] as const) {
      const v = record[key];
      if (v === undefined) continue;
      if (v !== null && typeof v !== 'string') throw new HttpError('INVALID_INPUT', `Invalid ${where}.${key}: expected a string or null`);
      info[key] = v;
    }
    return info;
  });
}

/**
 * `path`: a folder under which the files' keys go. Segments may not be `.`/`..` or hold `\` or control
 * characters (refused with 400, never normalized into something else).
 * @returns the key prefix (`a/b/`, or `''`) and Strapi's `folderPath` (`/a/b`, or `/`).
 */
export function parseFolder(value: string): { keyPrefix: string; folderPath: string } {
  // The server's one folder check (files/safe-name.ts): absolute paths, `..%2f`, look-alikes → 400 INVALID_KEY.
  safeFolderPath(value.trim(), 'path');
  const trimmed = value.trim().replace(/^\/+|\/+$/g, '');
  if (trimmed === '') return { keyPrefix: '', folderPath: '/' };
  const segments = trimmed.split('/');
  for (const segment of segments) {
    // eslint-disable-next-line no-control-regex
    if (segment === '' || segment === '.' || segment === '..' || /[\\\u0000-\u001f\u007f]/.test(segment) || segment.length > 255) {
      throw new HttpError('INVALID_INPUT', `Invalid path: "${value.slice(0, 100)}" must be a folder such as "avatars/2024"; empty, "." and ".." segments, backslashes and control characters are refused`, { field: 'path' });
    }
  }
  return { keyPrefix: `${segments.join('/')}/`, folderPath: `/${segments.join('/')}` };
}

/** Strapi's `hash`: the name's base, slugified, plus a random suffix. */
export function makeHash(filename: string): string {
  const base = filename.slice(0, filename.length - extname(filename).length);
  const slug = base
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 60);
  return `${slug === '' ? 'file' : slug}_${randomBytes(5).toString('hex')}`;
}

/** The extension, lower-cased with its dot (`.jpg`), or `''`; only key-safe characters. */
export function extOf(filename: string): string {
  const ext = extname(filename).toLowerCase();
  return /^\.[a-z0-9]{1,16}$/.test(ext) ? ext : '';
}

import type { Stats } from 'node:fs';
import type { LocalContext } from './context.js';
import type { KeyPaths } from './paths.js';
import { META_DIR } from './paths.js';
import { writeTemp, type TempFile } from './atomic-write.js';

/** The MIME type of objects stored without one (or without a sidecar): core's default. */
export { DEFAULT_CONTENT_TYPE } from '@stowage/core';

// Sidecars are small; anything larger is not one of ours.
const MAX_SIDECAR_BYTES = 1024 * 1024;

/**
 * The metadata sidecar of one object: `<root>/.stowage/meta/<key>`, a JSON document. `size` ties it to
 * the object's bytes: a sidecar whose size differs from the file's is stale and ignored.
 */
export interface Sidecar {
  /** Format version. */
  v: 1;
  contentType: string;
  cacheControl?: string;
  contentDisposition?: string;
  metadata: Record<string, string>;
  /** The strong entity tag: the SHA-256 of the bytes, hex. */
  etag: string;
  sha256: string;
  size: number;
}

/** Writes `sidecar` to a temporary file in the sidecar's folder, to be renamed into place on commit. */
export function writeSidecarTemp(ctx: LocalContext, paths: KeyPaths, sidecar: Sidecar): Promise<TempFile> {
  const bytes = Buffer.from(`${JSON.stringify(sidecar, null, 2)}\n`, 'utf8');
  return writeTemp(ctx, [...META_DIR, ...paths.dirSegments], [bytes]);
}

/**
 * The sidecar of the object whose file stats are `stats`, or `undefined` when it is missing, unreadable,
 * malformed or stale (an object written by something else than this provider has none).
 */
export async function readSidecar(ctx: LocalContext, paths: KeyPaths, stats: Pick<Stats, 'size'>): Promise<Sidecar | undefined> {
  let text: string;
  try {
    text = (await ctx.fs.readSmallFile(paths.metaPath, MAX_SIDECAR_BYTES)).toString('utf8');
  } catch {
    return undefined;
  }
  const sidecar = parseSidecar(text);
  return sidecar !== undefined && sidecar.size === stats.size ? sidecar : undefined;
}

function parseSidecar(text: string): Sidecar | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (v.v !== 1 || typeof v.contentType !== 'string' || typeof v.etag !== 'string' || typeof v.sha256 !== 'string') return undefined;
  if (typeof v.size !== 'number' || typeof v.metadata !== 'object' || v.metadata === null) return undefined;
  const metadata: Record<string, string> = {};
  for (const [name, entry] of Object.entries(v.metadata)) if (typeof entry === 'string') metadata[name] = entry;
  return {
    v: 1,
    contentType: v.contentType,
    ...(typeof v.cacheControl === 'string' ? { cacheControl: v.cacheControl } : {}),
    ...(typeof v.contentDisposition === 'string' ? { contentDisposition: v.contentDisposition } : {}),
    metadata,
    etag: v.etag,
    sha256: v.sha256,
    size: v.size,
  };
}

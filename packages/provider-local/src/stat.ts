import type { CallOptions, ObjectStat } from '@stowage/core';
import { assertOpen, throwIfAborted, type LocalContext } from './context.js';
import { DEFAULT_CONTENT_TYPE } from './metadata.js';
import { statObject } from './open-object.js';
import { keyPaths } from './paths.js';

/**
 * `stat`: the file's size and modification time, the rest from the sidecar. A file without a valid
 * sidecar (put there by something else) reports `application/octet-stream`, no etag and no metadata.
 */
export async function stat(ctx: LocalContext, rawKey: string, options: CallOptions = {}): Promise<ObjectStat> {
  assertOpen(ctx);
  const paths = keyPaths(ctx.root, rawKey);
  throwIfAborted(options.signal, paths.key);
  const { stats, sidecar } = await statObject(ctx, paths);
  return {
    key: paths.key,
    size: stats.size,
    contentType: sidecar?.contentType ?? DEFAULT_CONTENT_TYPE,
    lastModified: stats.mtime,
    metadata: { ...sidecar?.metadata },
    ...(sidecar === undefined
      ? {}
      : {
          etag: sidecar.etag,
          sha256: sidecar.sha256,
          ...(sidecar.cacheControl === undefined ? {} : { cacheControl: sidecar.cacheControl }),
          ...(sidecar.contentDisposition === undefined ? {} : { contentDisposition: sidecar.contentDisposition }),
        }),
  };
}

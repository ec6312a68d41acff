import { resolveRange, type ReadOptions, type ReadResult } from '@stowage/core';
import { assertOpen, throwIfAborted, type LocalContext } from './context.js';
import { PROVIDER_NAME } from './errors.js';
import { FileReader } from './file-reader.js';
import { DEFAULT_CONTENT_TYPE } from './metadata.js';
import { openObject } from './open-object.js';
import { keyPaths } from './paths.js';

/** `read`: the whole object or a byte range, streamed from an open descriptor. */
export async function read(ctx: LocalContext, rawKey: string, options: ReadOptions = {}): Promise<ReadResult> {
  assertOpen(ctx);
  const paths = keyPaths(ctx.root, rawKey);
  throwIfAborted(options.signal, paths.key);
  const { fd, stats, sidecar } = await openObject(ctx, paths);
  let span: { start: number; end: number } | undefined;
  try {
    if (options.range !== undefined) span = resolveRange(options.range, stats.size, { key: paths.key, provider: PROVIDER_NAME });
  } catch (error) {
    await ctx.fs.close(fd).catch(() => undefined);
    throw error;
  }
  const start = span?.start ?? 0;
  const end = span?.end ?? stats.size - 1;
  const body = new FileReader({
    fs: ctx.fs,
    fd,
    start,
    end,
    key: paths.key,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  return {
    body,
    contentLength: end - start + 1,
    totalSize: stats.size,
    ...(span === undefined ? {} : { range: span }),
    contentType: sidecar?.contentType ?? DEFAULT_CONTENT_TYPE,
    ...(sidecar === undefined ? {} : { etag: sidecar.etag }),
    lastModified: stats.mtime,
  };
}

import { meterUpload, type CallOptions } from '@stowage/core';
import { assertOpen, throwIfAborted, type LocalContext } from './context.js';
import { FileReader } from './file-reader.js';
import { DEFAULT_CONTENT_TYPE } from './metadata.js';
import { openObject } from './open-object.js';
import { keyPaths } from './paths.js';
import { storeObject } from './store.js';

/**
 * `copy`: streams `from` into a temporary file beside `to` and commits it like an upload, with the
 * source's MIME type, cache-control, disposition and user metadata. The hash is computed anew while
 * copying, so the destination's etag always matches its bytes.
 */
export async function copy(ctx: LocalContext, rawFrom: string, rawTo: string, options: CallOptions = {}): Promise<void> {
  assertOpen(ctx);
  const from = keyPaths(ctx.root, rawFrom);
  const to = keyPaths(ctx.root, rawTo);
  throwIfAborted(options.signal, from.key);
  const { fd, stats, sidecar } = await openObject(ctx, from);
  const source = new FileReader({ fs: ctx.fs, fd, start: 0, end: stats.size - 1, key: from.key });
  const meter = meterUpload(source, {
    key: to.key,
    size: stats.size,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  await storeObject(
    ctx,
    to,
    meter,
    {
      contentType: sidecar?.contentType ?? DEFAULT_CONTENT_TYPE,
      cacheControl: sidecar?.cacheControl,
      contentDisposition: sidecar?.contentDisposition,
      metadata: { ...sidecar?.metadata },
    },
    options.signal,
  );
}

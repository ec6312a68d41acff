import { ResumableDigest, StowageError, type ResumableCompleteOptions, type ResumableHandle, type UploadResult } from '@stowage/core';
import { removeTemp, renameIntoPlace, type TempFile } from './atomic-write.js';
import { assertOpen, throwIfAborted, type LocalContext } from './context.js';
import { ensureDir } from './ensure-dir.js';
import { mapFsError, PROVIDER_NAME } from './errors.js';
import { writeSidecarTemp } from './metadata.js';
import { keyPaths, publicUrl } from './paths.js';
import { findUpload, openAt } from './resumable-state.js';

/**
 * `completeResumable`: the upload's file, cut to the handle's offset and fsynced, is renamed into place as
 * the object (the commit point, under the key's lock, as `storeObject` does), then its sidecar. No byte
 * is copied: a 10 GiB upload completes as fast as a 10 KiB one. The SHA-256 is the handle's digest state
 * finished.
 */
export async function completeResumable(ctx: LocalContext, raw: ResumableHandle, options: ResumableCompleteOptions = {}): Promise<UploadResult> {
  assertOpen(ctx);
  const { handle, state, started, files } = await findUpload(ctx, raw);
  if (options.minSize !== undefined && handle.offset < options.minSize) {
    throw new StowageError('INVALID_INPUT', `The upload has ${handle.offset} bytes, fewer than minSize ${options.minSize}`, {
      key: handle.key,
      provider: PROVIDER_NAME,
      details: { minimum: options.minSize, received: handle.offset },
    });
  }
  const sha256 = (await ResumableDigest.resume(state.digest, { key: handle.key, provider: PROVIDER_NAME })).hex();
  const paths = keyPaths(ctx.root, handle.key);
  let metaTemp: TempFile | undefined;
  try {
    const fd = await openAt(ctx, files.part, handle);
    try {
      if (ctx.options.fsync) await ctx.fs.fsync(fd);
    } finally {
      await ctx.fs.close(fd);
    }
    const { key: _key, ...fields } = started;
    metaTemp = await writeSidecarTemp(ctx, paths, { v: 1, ...fields, etag: sha256, sha256, size: handle.offset });
    await ensureDir(ctx, paths.dirSegments);
    await ctx.locks.run(paths.key, async () => {
      throwIfAborted(options.signal, paths.key);
      await renameIntoPlace(ctx, files.part, paths.objectPath, paths.key);
      await renameIntoPlace(ctx, (metaTemp as TempFile).path, paths.metaPath, paths.key);
      metaTemp = undefined;
    });
    if (ctx.options.fsync) await Promise.all([ctx.dirSyncs.sync(paths.objectDir), ctx.dirSyncs.sync(paths.metaDir)]);
    await ctx.fs.unlink(files.started).catch(() => undefined);
  } catch (error) {
    if (metaTemp !== undefined) await removeTemp(ctx, metaTemp.path);
    throw mapFsError(error, 'write', paths.key);
  }
  const url = publicUrl(ctx.options.baseUrl, paths.key);
  return { key: paths.key, size: handle.offset, contentType: started.contentType, etag: sha256, sha256, ...(url === undefined ? {} : { url }) };
}

import { randomBytes } from 'node:crypto';
import { checkUploadInput, ResumableDigest, type ResumableCreateOptions, type ResumableHandle } from '@stowage/core';
import { removeTemp, renameIntoPlace, writeTemp } from './atomic-write.js';
import { assertOpen, type LocalContext } from './context.js';
import { ensureDir } from './ensure-dir.js';
import { mapFsError, PROVIDER_NAME } from './errors.js';
import { keyPaths } from './paths.js';
import { RESUMABLE_DIR, uploadFiles, type StartedUpload } from './resumable-state.js';

/**
 * `createResumable`: an empty `<id>.part` and, renamed into place after it, `<id>.json` with what the object
 * is stored with on completion. Both live under `.stowage/resumable/`, on the same file system as the
 * objects, so completion is a rename.
 */
export async function createResumable(ctx: LocalContext, key: string, options: ResumableCreateOptions = {}): Promise<ResumableHandle> {
  assertOpen(ctx);
  const checked = checkUploadInput({ ...options, key, body: new Uint8Array(0) }, { provider: PROVIDER_NAME });
  keyPaths(ctx.root, checked.key);
  const id = randomBytes(12).toString('hex');
  const files = uploadFiles(ctx, id);
  const started: StartedUpload = { key: checked.key, contentType: checked.contentType, metadata: checked.metadata };
  if (checked.cacheControl !== undefined) started.cacheControl = checked.cacheControl;
  if (checked.contentDisposition !== undefined) started.contentDisposition = checked.contentDisposition;
  try {
    await ensureDir(ctx, RESUMABLE_DIR);
    const fd = await ctx.fs.open(files.part, 'wx', ctx.options.fileMode);
    // The umask may have narrowed the mode; the part becomes the object as it is.
    await ctx.fs.fchmod(fd, ctx.options.fileMode).finally(() => ctx.fs.close(fd));
    const temp = await writeTemp(ctx, RESUMABLE_DIR, [Buffer.from(JSON.stringify(started), 'utf8')]);
    await renameIntoPlace(ctx, temp.path, files.started, checked.key).catch(async (error: unknown) => {
      await removeTemp(ctx, temp.path);
      throw error;
    });
  } catch (error) {
    await removeTemp(ctx, files.part);
    throw mapFsError(error, 'write', checked.key);
  }
  return { key: checked.key, offset: 0, state: { id, digest: (await ResumableDigest.resume()).save() } };
}

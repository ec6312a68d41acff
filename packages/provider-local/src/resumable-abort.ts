import { checkResumableHandle, type CallOptions, type ResumableHandle } from '@stowage/core';
import { assertOpen, type LocalContext } from './context.js';
import { mapFsError, PROVIDER_NAME } from './errors.js';
import { uploadFiles, uploadId } from './resumable-state.js';

/** `abortResumable`: removes the upload's record first (appends then fail with NOT_FOUND), then its bytes. */
export async function abortResumable(ctx: LocalContext, raw: ResumableHandle, _options: CallOptions = {}): Promise<void> {
  assertOpen(ctx);
  const handle = checkResumableHandle(raw, { provider: PROVIDER_NAME });
  const files = uploadFiles(ctx, uploadId(handle));
  for (const path of [files.started, files.part]) {
    await ctx.fs.unlink(path).catch((error: unknown) => {
      if ((error as { code?: string }).code !== 'ENOENT') throw mapFsError(error, 'delete', handle.key);
    });
  }
}

import { meterAppend, ResumableDigest, type ResumableAppendOptions, type ResumableHandle, type UploadBody } from '@stowage/core';
import { writeBatched } from './batched-write.js';
import { assertOpen, type LocalContext } from './context.js';
import { mapFsError, PROVIDER_NAME } from './errors.js';
import { findUpload, openAt } from './resumable-state.js';

/**
 * `appendResumable`: cuts the upload's file back to the handle's offset, then streams the metered body onto
 * its end through the provider's batched writer (fsynced with the `fsync` option) while the digest carried
 * in the handle goes on over the same bytes.
 */
export async function appendResumable(ctx: LocalContext, raw: ResumableHandle, body: UploadBody, options: ResumableAppendOptions = {}): Promise<ResumableHandle> {
  assertOpen(ctx);
  const { handle, state, files } = await findUpload(ctx, raw);
  const digest = await ResumableDigest.resume(state.digest, { key: handle.key, provider: PROVIDER_NAME });
  const meter = meterAppend(handle, body, options);
  // The meter may fail before it is iterated (an aborted signal); iterating it still rejects.
  meter.on('error', () => undefined);
  let fd: number | undefined;
  try {
    fd = await openAt(ctx, files.part, handle);
    const written = await writeBatched(ctx, fd, hashed(meter, digest), ctx.options.fsync);
    if (ctx.options.fsync) await ctx.fs.fsync(fd);
    return { key: handle.key, offset: handle.offset + written, state: { ...state, digest: digest.save() } };
  } catch (error) {
    meter.destroy();
    throw mapFsError(error, 'write', handle.key);
  } finally {
    if (fd !== undefined) await ctx.fs.close(fd).catch(() => undefined);
  }
}

async function* hashed(source: AsyncIterable<Uint8Array>, digest: ResumableDigest): AsyncIterable<Uint8Array> {
  for await (const chunk of source) {
    digest.update(chunk);
    yield chunk;
  }
}

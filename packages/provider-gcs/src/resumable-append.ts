import { randomBytes } from 'node:crypto';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { meterAppend, ResumableDigest, type ResumableAppendOptions, type ResumableHandle, type UploadBody } from '@stowage/core';
import { abortable, type GcsContext } from './context.js';
import { PROVIDER_NAME, toStowageError } from './errors.js';
import { parseHandle, readMarker, toHandle, uploadFolder, type Part } from './resumable-state.js';
import { hasData } from './upload.js';

/**
 * Streams `body` into one new hidden part object, named after the offset and a random suffix: no other
 * append writes that name, so an earlier handle's parts are never overwritten, and appending at an earlier
 * handle simply leaves the later parts out of the new handle. The part goes up as `upload` sends a stream
 * (a resumable session of `chunkSize` requests, committed only once the body ended cleanly and the meter's
 * checks passed), so a failed append commits nothing; its part is deleted all the same, in case it was.
 * @throws `TOO_LARGE` past `maxSize`; `ABORTED` when `signal` aborts or `body` errors; `NOT_FOUND` for an
 *   upload completed or aborted; `INVALID_INPUT` for a handle this provider did not issue; `UNAVAILABLE`.
 */
export async function appendResumable(ctx: GcsContext, raw: ResumableHandle, body: UploadBody, options: ResumableAppendOptions = {}): Promise<ResumableHandle> {
  const { handle, state } = parseHandle(raw);
  const { key } = handle;
  const digest = await ResumableDigest.resume(state.digest, { provider: PROVIDER_NAME, key });
  await abortable(options.signal, key, () => readMarker(ctx, handle, state.nonce));
  const meter = meterAppend(handle, body, options);
  // The meter can fail (TOO_LARGE…) while it waits between readers; the pipeline below reports that error.
  meter.on('error', () => undefined);
  const part: Part = { name: `${handle.offset}-${randomBytes(8).toString('hex')}`, size: 0 };
  const file = ctx.bucket.file(`${uploadFolder(ctx, state.nonce)}${part.name}`);
  try {
    // An empty append adds no part (GCS's resumable path cannot send an empty final chunk either).
    if (!(await hasData(meter))) {
      for await (const _ of meter) void _;
      return toHandle(key, state);
    }
    const hash = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        digest.update(chunk);
        callback(null, chunk);
      },
    });
    await pipeline(
      meter,
      hash,
      file.createWriteStream({ resumable: true, chunkSize: ctx.options.chunkSize, contentType: 'application/octet-stream', validation: 'crc32c' }),
    );
  } catch (error) {
    await file.delete({ ignoreNotFound: true }).catch(() => undefined);
    throw toStowageError(error, { key, operation: 'resumable append' });
  }
  part.size = meter.bytes;
  return toHandle(key, { nonce: state.nonce, parts: [...state.parts, part], digest: digest.save() });
}

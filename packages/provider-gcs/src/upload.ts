import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CreateWriteStreamOptions, FileMetadata } from '@google-cloud/storage';
import { checkUploadInput, meterUpload, toReadable, type CheckedUploadInput, type UploadInput, type UploadResult } from '@stowage/core';
import { publicUrl, storedName, unquote, type GcsContext } from './context.js';
import { PROVIDER_NAME, toStowageError } from './errors.js';

/**
 * Stores one object. Bytes already in memory below `resumableThreshold` go up in one request, after the
 * size, limit and checksum checks have passed; everything else streams through a resumable upload sent in
 * `chunkSize` requests. GCS commits a resumable upload only when its last chunk (sent after the source
 * ended and every check passed) arrives, so a failed check, an abort or a failing source leaves nothing
 * behind, and an overwrite that fails leaves the old object as it was.
 */
export async function upload(ctx: GcsContext, input: UploadInput): Promise<UploadResult> {
  const checked = checkUploadInput(input, { provider: PROVIDER_NAME });
  const { key, contentType } = checked;
  const name = storedName(ctx, key);
  const source = toReadable(input.body);
  const meter = meterUpload(source, { ...input, key });
  // The meter can fail (TOO_LARGE…) while it waits between readers; the pipeline below reports that error.
  meter.on('error', () => undefined);
  const file = ctx.bucket.file(name);
  const options: CreateWriteStreamOptions = {
    metadata: objectResource(checked, input.metadata !== undefined),
    contentType,
    // GCS's own end-to-end check: the SDK computes the CRC32C (sent with a resumable upload's final request)
    // and compares it with the stored object's.
    validation: 'crc32c',
    ...(ctx.options.predefinedAcl === undefined ? {} : { predefinedAcl: ctx.options.predefinedAcl }),
  };
  const inMemory = input.body instanceof Uint8Array && input.body.byteLength < ctx.options.resumableThreshold;
  try {
    // A stream that turns out empty goes up in one request: the SDK's resumable path would send an
    // empty final chunk (`bytes 0--1/0`), which is not a valid Content-Range.
    if (inMemory || !(await hasData(meter))) {
      // Checks run on the bytes already in memory before anything is sent.
      const chunks: Buffer[] = [];
      for await (const chunk of meter) chunks.push(chunk as Buffer);
      await send(file.createWriteStream({ ...options, resumable: false }), Readable.from(chunks));
    } else {
      await send(file.createWriteStream({ ...options, resumable: true, chunkSize: ctx.options.chunkSize }), meter);
    }
  } catch (error) {
    // The abandoned resumable session is not cancelled: the SDK may still be starting a chunk request on it
    // (one it never finishes), and a server answering that request early (as it does for a cancelled
    // session) left its half-sent socket in the keep-alive pool, hanging the next request. An unfinished
    // session is never committed, and expires on its own.
    throw toStowageError(error, { key, operation: 'upload' });
  }
  return uploadResult(ctx, file.metadata ?? {}, key, name, contentType, meter.bytes, meter.digest());
}

/** Waits until `stream` has data (kept for the next reader: true) or ends empty (false). */
export function hasData(stream: Readable): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const finish = (value: boolean | Error) => {
      stream.off('readable', onReadable).off('end', onEnd).off('error', onError);
      if (value instanceof Error) reject(value);
      else resolve(value);
    };
    const onReadable = () => {
      const chunk: unknown = stream.read();
      if (chunk !== null) {
        stream.unshift(chunk as Buffer);
        finish(true);
      }
    };
    const onEnd = () => finish(false);
    const onError = (error: Error) => finish(error);
    stream.on('readable', onReadable).once('end', onEnd).once('error', onError);
  });
}

async function send(stream: Writable, source: Readable): Promise<void> {
  await pipeline(source, stream);
}

/**
 * What an object is stored with (the JSON API's object resource fields): the one place both `upload` and
 * `completeResumable` take them from. User metadata is sent only when given, as an upload does.
 */
export function objectResource(checked: CheckedUploadInput, withMetadata: boolean): FileMetadata {
  return {
    contentType: checked.contentType,
    ...(checked.cacheControl === undefined ? {} : { cacheControl: checked.cacheControl }),
    ...(checked.contentDisposition === undefined ? {} : { contentDisposition: checked.contentDisposition }),
    ...(withMetadata ? { metadata: checked.metadata } : {}),
  };
}

/** The `UploadResult` of an object stored as `name`, from the object resource GCS answered. */
export function uploadResult(ctx: GcsContext, metadata: FileMetadata, key: string, name: string, contentType: string, size: number, sha256: string): UploadResult {
  const url = publicUrl(ctx, name);
  return {
    key,
    size,
    contentType: metadata.contentType ?? contentType,
    ...(metadata.etag === undefined ? {} : { etag: unquote(metadata.etag) }),
    sha256,
    ...(url === undefined ? {} : { url }),
    providerMetadata: {
      bucket: ctx.bucket.name,
      name,
      ...(metadata.generation === undefined ? {} : { generation: String(metadata.generation) }),
      ...(metadata.md5Hash === undefined ? {} : { md5Hash: metadata.md5Hash }),
      ...(metadata.crc32c === undefined ? {} : { crc32c: metadata.crc32c }),
    },
  };
}

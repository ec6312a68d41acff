import { checkUploadInput, isStowageError, knownLength, meterUpload, toReadable, type StowageError, type UploadInput, type UploadResult } from '@stowage/core';
import { mapStrapiError } from './errors.js';
import { fileForKey, type KeyStyle } from './file-object.js';
import type { StrapiFile, StrapiProviderInstance } from './types.js';

/** What an upload through the adapter needs. */
export interface UploadContext {
  instance: StrapiProviderInstance;
  keyStyle: KeyStyle;
  removeOnFailure: boolean;
  actionOptions: { upload?: Record<string, unknown>; uploadStream?: Record<string, unknown> };
}

/**
 * Uploads through the Strapi provider: Strapi's file object with the body as `stream` (through core's
 * meter, so size, limit, checksum and abort are enforced as the bytes flow). Providers with only the
 * older `upload(file)` get `buffer`, which Strapi's API forces to hold the body (bounded by `maxSize`).
 * Providers that write in place (provider-local) leave a partial object when the body fails: with
 * `removeOnFailure` the adapter then deletes the key, so no partial object stays readable.
 */
export async function uploadThrough(context: UploadContext, input: UploadInput): Promise<UploadResult> {
  // Core's rule for keys, headers and metadata, though Strapi's file object has no place for metadata.
  const { key } = checkUploadInput(input);
  const body = toReadable(input.body);
  const size = input.size ?? knownLength(input.body);
  const meter = meterUpload(body, { ...input, key });
  let meterError: StowageError | undefined;
  meter.once('error', (error) => {
    if (isStowageError(error)) meterError = error;
  });
  const contentType = input.contentType ?? 'application/octet-stream';
  const file: StrapiFile = fileForKey(key, context.keyStyle, { mime: contentType, ...(size === undefined ? {} : { sizeInBytes: size }) });
  const { instance } = context;
  try {
    if (typeof instance.uploadStream === 'function') {
      file.stream = meter;
      await instance.uploadStream(file, context.actionOptions.uploadStream ?? context.actionOptions.upload ?? {});
    } else if (typeof instance.upload === 'function') {
      const chunks: Buffer[] = [];
      for await (const chunk of meter) chunks.push(chunk as Buffer);
      file.buffer = Buffer.concat(chunks);
      await instance.upload(file, context.actionOptions.upload ?? {});
    } else {
      throw new TypeError('the provider has neither uploadStream() nor upload()');
    }
    // A provider that resolved before reading the whole body did not store it whole.
    if (!meter.readableEnded && meterError === undefined) meter.destroy();
    if (meterError !== undefined) throw meterError;
    if (meter.sha256 === undefined) throw new TypeError('the provider resolved before the whole body was read');
  } catch (error) {
    if (!meter.destroyed) meter.destroy();
    if (context.removeOnFailure) await removeAfterFailure(instance, file);
    throw meterError ?? mapStrapiError(error, 'upload', key);
  }
  return {
    key,
    size: meter.bytes,
    contentType,
    sha256: meter.digest(),
    ...(file.url === undefined ? {} : { url: file.url }),
    ...(file.provider_metadata ? { providerMetadata: file.provider_metadata } : {}),
  };
}

async function removeAfterFailure(instance: StrapiProviderInstance, file: StrapiFile): Promise<void> {
  const { stream: _stream, buffer: _buffer, ...bare } = file;
  const remove = () => Promise.resolve(instance.delete(bare, {})).catch(() => undefined);
  await remove();
  // A provider may reject while its own write is still opening the destination (provider-local's
  // pipeline fails at once when the first chunk is refused, and its file appears after): remove again
  // once that has settled.
  await new Promise((resolve) => setTimeout(resolve, 25));
  await remove();
}

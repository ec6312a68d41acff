import { meterUpload, StowageError, toReadable, type UploadInput, type UploadResult } from '@stowage/core';
import { assertOpen, type LocalContext } from './context.js';
import { invalidInput, PROVIDER_NAME } from './errors.js';
import { DEFAULT_CONTENT_TYPE } from './metadata.js';
import { keyPaths, publicUrl } from './paths.js';
import { storeObject } from './store.js';


// User metadata names, as the contract defines them.
const METADATA_NAME = /^[a-z0-9-]+$/;

/** `upload`: streams the body into a temporary file and renames it into place (see `storeObject`). */
export async function upload(ctx: LocalContext, input: UploadInput): Promise<UploadResult> {
  assertOpen(ctx);
  if (typeof input !== 'object' || input === null) throw invalidInput('upload input', 'an object with key and body');
  const paths = keyPaths(ctx.root, input.key);
  checkFields(input, paths.key);
  const meter = meterUpload(toReadable(input.body), {
    key: paths.key,
    ...(input.size === undefined ? {} : { size: input.size }),
    ...(input.maxSize === undefined ? {} : { maxSize: input.maxSize }),
    ...(input.sha256 === undefined ? {} : { sha256: input.sha256 }),
    ...(input.signal === undefined ? {} : { signal: input.signal }),
  });
  const contentType = input.contentType ?? DEFAULT_CONTENT_TYPE;
  const stored = await storeObject(
    ctx,
    paths,
    meter,
    {
      contentType,
      cacheControl: input.cacheControl,
      contentDisposition: input.contentDisposition,
      metadata: { ...input.metadata },
    },
    input.signal,
  );
  const url = publicUrl(ctx.options.baseUrl, paths.key);
  return {
    key: paths.key,
    size: stored.size,
    contentType,
    etag: stored.sha256,
    sha256: stored.sha256,
    ...(url === undefined ? {} : { url }),
  };
}

function checkFields(input: UploadInput, key: string): void {
  const { size, maxSize, metadata } = input;
  if (size !== undefined && (!Number.isSafeInteger(size) || size < 0)) throw invalidInput('size', 'a non-negative integer', key);
  if (maxSize !== undefined && (!Number.isSafeInteger(maxSize) || maxSize < 0)) throw invalidInput('maxSize', 'a non-negative integer', key);
  if (size !== undefined && maxSize !== undefined && size > maxSize) {
    throw new StowageError('TOO_LARGE', `Declared size ${size} is larger than the limit of ${maxSize} bytes`, { key, provider: PROVIDER_NAME });
  }
  for (const [field, value] of [['contentType', input.contentType], ['cacheControl', input.cacheControl], ['contentDisposition', input.contentDisposition]] as const) {
    if (value !== undefined && (typeof value !== 'string' || /[\u0000-\u001f\u007f]/.test(value))) {
      throw invalidInput(field, 'a string without control characters (it is served back as an HTTP header)', key);
    }
  }
  if (metadata !== undefined) {
    if (typeof metadata !== 'object' || metadata === null) throw invalidInput('metadata', 'an object of string values', key);
    for (const [name, value] of Object.entries(metadata)) {
      if (!METADATA_NAME.test(name)) throw invalidInput(`metadata name "${name}"`, 'lower-case ASCII letters, digits and dashes', key);
      if (typeof value !== 'string') throw invalidInput(`metadata "${name}"`, 'a string value', key);
    }
  }
}

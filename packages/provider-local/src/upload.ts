import { checkUploadInput, meterUpload, toReadable, type UploadInput, type UploadResult } from '@stowage/core';
import { assertOpen, type LocalContext } from './context.js';
import { PROVIDER_NAME } from './errors.js';
import { keyPaths, publicUrl } from './paths.js';
import { storeObject } from './store.js';

/** `upload`: streams the body into a temporary file and renames it into place (see `storeObject`). */
export async function upload(ctx: LocalContext, input: UploadInput): Promise<UploadResult> {
  assertOpen(ctx);
  // Core's rules (key, headers, metadata) run before the body is touched; the meter checks the rest.
  const checked = checkUploadInput(input, { provider: PROVIDER_NAME });
  const paths = keyPaths(ctx.root, checked.key);
  const meter = meterUpload(toReadable(input.body), { ...input, key: paths.key });
  const { contentType } = checked;
  const stored = await storeObject(
    ctx,
    paths,
    meter,
    {
      contentType,
      cacheControl: checked.cacheControl,
      contentDisposition: checked.contentDisposition,
      metadata: checked.metadata,
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

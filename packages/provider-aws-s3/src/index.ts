import { defineProvider } from '@stowage/core';
import { createS3Provider, S3_CAPABILITIES, type S3Provider } from './provider.js';
import type { S3ProviderOptions } from './options.js';

export { createS3Provider, S3_CAPABILITIES, type S3Provider } from './provider.js';
export { CANNED_ACLS, MIN_PART_SIZE, type S3ProviderOptions } from './options.js';
export { toStowageError, type ErrorContext } from './errors.js';

/**
 * The S3 provider: AWS S3 and every service speaking its API (Cloudflare R2, MinIO, Ceph, DigitalOcean
 * Spaces, Backblaze B2, Wasabi).
 *
 * ```ts
 * import s3 from '@stowage/provider-upload-aws-s3';
 * const storage = await s3.init({ bucket: 'uploads', region: 'eu-west-1' });
 * ```
 */
export default defineProvider<S3ProviderOptions, S3Provider>({
  name: 'aws-s3',
  capabilities: S3_CAPABILITIES,
  init: (options) => createS3Provider(options),
});

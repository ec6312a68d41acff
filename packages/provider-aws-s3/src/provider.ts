import type { S3Client } from '@aws-sdk/client-s3';
import type { Capability, ProviderWith } from '@stowage/core';
import { check } from './check.js';
import { createClient } from './client.js';
import { createContext } from './context.js';
import { copy } from './copy.js';
import { deleteObject } from './delete.js';
import { exists } from './exists.js';
import { list, listPage } from './list.js';
import { resolveOptions, type S3ProviderOptions } from './options.js';
import { read } from './read.js';
import { abortResumable } from './resumable-abort.js';
import { appendResumable } from './resumable-append.js';
import { completeResumable } from './resumable-complete.js';
import { createResumable } from './resumable-create.js';
import { signedUpload } from './signed-upload.js';
import { signedUrl } from './signed-url.js';
import { stat } from './stat.js';
import { upload } from './upload.js';

/** Every capability this provider declares (the package manifest lists the same). */
export const S3_CAPABILITIES = ['read', 'stat', 'signedUrl', 'signedUpload', 'copy', 'list', 'exists', 'check', 'close', 'resumable'] as const satisfies readonly Capability[];

/** An S3 provider instance, with every capability and the client it uses. */
export type S3Provider = ProviderWith<(typeof S3_CAPABILITIES)[number]> & {
  /** The S3 client, for what the provider does not cover (bucket setup, lifecycle rules…). */
  readonly client: S3Client;
  /** The bucket. */
  readonly bucket: string;
};

/**
 * Validates `options` and creates a provider for one bucket.
 * @throws `INVALID_OPTIONS` naming the bad option; secrets are never echoed.
 */
export async function createS3Provider(options: S3ProviderOptions): Promise<S3Provider> {
  const resolved = await resolveOptions(options);
  const { client, owned } = await createClient(resolved);
  const ctx = createContext(client, resolved);
  let closed = false;
  return {
    name: 'aws-s3',
    capabilities: new Set<Capability>(S3_CAPABILITIES),
    client,
    bucket: resolved.bucket,
    upload: (input) => upload(ctx, input),
    delete: (key, o) => deleteObject(ctx, key, o),
    read: (key, o) => read(ctx, key, o),
    stat: (key, o) => stat(ctx, key, o),
    signedUrl: (key, o) => signedUrl(ctx, key, o),
    signedUpload: (key, o) => signedUpload(ctx, key, o),
    copy: (from, to, o) => copy(ctx, from, to, o),
    listPage: (o) => listPage(ctx, o),
    list: (o) => list(ctx, o),
    exists: (key, o) => exists(ctx, key, o),
    check: (o) => check(ctx, o),
    createResumable: (key, o) => createResumable(ctx, key, o),
    appendResumable: (handle, body, o) => appendResumable(ctx, handle, body, o),
    completeResumable: (handle, o) => completeResumable(ctx, handle, o),
    abortResumable: (handle, o) => abortResumable(ctx, handle, o),
    async close() {
      // An injected client belongs to its owner, who may share it.
      if (closed || !owned) return;
      closed = true;
      client.destroy();
    },
  };
}

import type { Storage } from '@google-cloud/storage';
import { z } from 'zod';

/** A service-account key as downloaded from the Google Cloud console (the fields this provider needs). */
export interface ServiceAccountKey {
  type?: 'service_account';
  /** The service account's e-mail; required to sign URLs. */
  client_email: string;
  /** The PEM private key; required to sign URLs. */
  private_key: string;
  project_id?: string;
  private_key_id?: string;
  [field: string]: unknown;
}

function isStorage(value: unknown): value is Storage {
  return typeof value === 'object' && value !== null && typeof (value as Storage).bucket === 'function' && 'authClient' in value;
}

const serviceAccountKey = z
  .object(
    {
      type: z.literal('service_account', { error: 'credentials.type must be "service_account"' }).optional(),
      client_email: z.string({ error: 'credentials.client_email must be the service account e-mail' }).includes('@', {
        error: 'credentials.client_email must be an e-mail address',
      }),
      private_key: z.string({ error: 'credentials.private_key must be a PEM private key' }).includes('PRIVATE KEY', {
        error: 'credentials.private_key must be a PEM private key ("-----BEGIN PRIVATE KEY-----...")',
      }),
      project_id: z.string().optional(),
    },
    { error: 'credentials must be a service-account key object (client_email, private_key)' },
  )
  .passthrough();

const seconds = (name: string, max: number) =>
  z
    .number({ error: `${name} must be a number of seconds` })
    .int({ error: `${name} must be a whole number of seconds` })
    .min(1, { error: `${name} must be at least 1 second` })
    .max(max, { error: `${name} must be at most ${max} seconds` });

/** The options of the GCS provider. */
export const optionsSchema = z
  .object(
    {
      /** The bucket objects are stored in. */
      bucket: z
        .string({ error: 'bucket must be a bucket name' })
        .regex(/^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/, { error: 'bucket must be a GCS bucket name (3-222 lower-case letters, digits, "-", "_", ".")' }),
      /**
       * A key prefix under which every object is stored (`uploads` stores `a.txt` as `uploads/a.txt`).
       * @default '' (the bucket's root)
       */
      prefix: z.string({ error: 'prefix must be a string' }).optional(),
      /** The Google Cloud project, used where the API needs one. @default the credentials' project */
      projectId: z.string({ error: 'projectId must be a string' }).min(1, { error: 'projectId must not be empty' }).optional(),
      /**
       * A service-account key: the parsed JSON object. Without it (and without `keyFilename`), Application
       * Default Credentials are used.
       * @default undefined (ADC)
       */
      credentials: serviceAccountKey.optional(),
      /** The path of a service-account key JSON file. @default undefined (ADC) */
      keyFilename: z.string({ error: 'keyFilename must be a file path' }).min(1, { error: 'keyFilename must not be empty' }).optional(),
      /**
       * The JSON API endpoint, for emulators and private endpoints (`http://127.0.0.1:9199`). Requests to a
       * custom endpoint are not authenticated unless `authenticateCustomEndpoint` is set.
       * @default 'https://storage.googleapis.com'
       */
      apiEndpoint: z.url({ error: 'apiEndpoint must be an http(s) URL' }).optional(),
      /** Send credentials to a custom `apiEndpoint` too. @default false */
      authenticateCustomEndpoint: z.boolean({ error: 'authenticateCustomEndpoint must be a boolean' }).default(false),
      /**
       * A public base URL (a CDN, or `https://storage.googleapis.com/BUCKET`) joined with the stored key to
       * form `UploadResult.url`. @default undefined (no `url` in results)
       */
      baseUrl: z.url({ error: 'baseUrl must be an http(s) URL' }).optional(),
      /**
       * A predefined ACL applied to each uploaded object (`publicRead`…). Leave unset on buckets with
       * uniform bucket-level access: GCS refuses per-object ACLs there, and `check()` reports the conflict.
       * @default undefined (the bucket's default; no ACL call is made)
       */
      predefinedAcl: z
        .enum(['authenticatedRead', 'bucketOwnerFullControl', 'bucketOwnerRead', 'private', 'projectPrivate', 'publicRead'], {
          error: 'predefinedAcl must be one of authenticatedRead, bucketOwnerFullControl, bucketOwnerRead, private, projectPrivate, publicRead',
        })
        .optional(),
      /**
       * Bodies in memory (`Uint8Array`) smaller than this go up in one request; everything else (every
       * stream) uses a resumable upload.
       * @default 5242880 (5 MiB)
       */
      resumableThreshold: z.number({ error: 'resumableThreshold must be a number of bytes' }).int().min(0, { error: 'resumableThreshold must be >= 0' }).default(5 * 1024 * 1024),
      /**
       * Bytes sent per request of a resumable upload (a multiple of 256 KiB, as GCS requires). Memory used
       * by one upload grows with it.
       * @default 8388608 (8 MiB)
       */
      chunkSize: z
        .number({ error: 'chunkSize must be a number of bytes' })
        .int()
        .min(256 * 1024, { error: 'chunkSize must be at least 262144 (256 KiB)' })
        .refine((n) => n % (256 * 1024) === 0, { error: 'chunkSize must be a multiple of 262144 (256 KiB)' })
        .default(8 * 1024 * 1024),
      /** Default lifetime of signed read URLs and signed uploads, in seconds (GCS allows 7 days). @default 900 */
      signedUrlExpiresIn: seconds('signedUrlExpiresIn', 604_800).default(900),
      /**
       * A ready `Storage` client (its own auth and endpoint); `credentials`, `keyFilename`, `projectId`
       * and `apiEndpoint` must then be left out. @default undefined
       */
      storage: z.custom<Storage>(isStorage, { error: 'storage must be a Storage instance from @google-cloud/storage' }).optional(),
    },
    { error: (issue) => (issue.code === 'invalid_type' ? 'options must be an object' : undefined) },
  )
  .strict()
  .superRefine((o, ctx) => {
    if (o.credentials !== undefined && o.keyFilename !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['credentials'], message: 'give either credentials or keyFilename, not both' });
    }
    if (o.storage !== undefined) {
      for (const name of ['credentials', 'keyFilename', 'projectId', 'apiEndpoint'] as const) {
        if (o[name] !== undefined) ctx.addIssue({ code: 'custom', path: [name], message: `${name} cannot be combined with storage (configure the Storage client instead)` });
      }
    }
  });

/** The options `init` accepts. */
export type GcsProviderOptions = z.input<typeof optionsSchema>;
/** The options after validation and defaults. */
export type ResolvedGcsOptions = z.output<typeof optionsSchema>;

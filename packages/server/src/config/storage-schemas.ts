import { z } from 'zod';
import { bucketImageRulesSchema } from '../images/image-config.js';

/** What a bucket id may be. */
export const BUCKET_ID = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** A provider by name (`local`, `aws-s3`, a package name or a path, `strapi:<name>`) or as a definition object. */
export const providerSchema = z.union([z.string().min(1), z.custom<object>((v) => typeof v === 'object' && v !== null, { error: 'must be a provider name or definition' })]);

/** One bucket's settings (Nhost's, each optional with a default) and optionally a provider of its own. */

export const bucketSchema = z
  .object({
    /**
     * A provider of this bucket's own, in place of the server-wide `provider`: `avatars` on local disk and
     * `videos` on S3 in one server. New files go to it; each file's record keeps the backend that holds it.
     * @default the server-wide provider
     */
    provider: providerSchema.optional(),
    /**
     * The options of this bucket's own `provider` (credentials included; never logged, never stored in
     * the database).
     * @default { root: './uploads' } for the local provider
     */
    providerOptions: z.unknown().optional(),
    /**
     * The smallest file accepted, in bytes.
     * @default 1
     */
    minUploadFileSize: z.number({ error: 'must be a number of bytes' }).int().min(0).default(1),
    /**
     * The largest file accepted, in bytes; 0 leaves only the server-wide `sizeLimit`.
     * @default 0
     */
    maxUploadFileSize: z.number({ error: 'must be a number of bytes' }).int().min(0).default(0),
    /**
     * MIME types (or `type/*` patterns) accepted; omit to accept any.
     * @default null (any)
     */
    allowedMimeTypes: z.array(z.string().regex(/^[a-z0-9.+-]+\/([a-z0-9.+-]+|\*)$/i, { error: 'must be a MIME type such as image/png or image/*' })).nullable().default(null),
    /**
     * The `Cache-Control` sent with downloads.
     * @default 'max-age=3600'
     */
    cacheControl: z.string().nullable().default('max-age=3600'),
    /**
     * Whether presigned URLs may be issued for this bucket's files.
     * @default true
     */
    presignedUrlsEnabled: z.boolean({ error: 'must be a boolean' }).default(true),
    /**
     * Seconds a presigned URL stays valid.
     * @default 30
     */
    downloadExpiration: z.number({ error: 'must be a number of seconds' }).int().min(1).max(604_800).default(30),
    /**
     * This bucket's image transform rules, over the server-wide `images` ones (see images/image-config.ts).
     * @default the server's `images` settings
     */
    images: bucketImageRulesSchema.optional(),
  })
  .strict()
  .refine((bucket) => bucket.providerOptions === undefined || bucket.provider !== undefined, { error: 'providerOptions needs a provider beside it', path: ['providerOptions'] });

/** Where file records live. */
export const databaseSchema = z.discriminatedUnion('client', [
  z.object({
    client: z.literal('sqlite'),
    /** The SQLite file, relative to the working directory. @default './stowage.db' */
    filename: z.string().min(1).default('./stowage.db'),
  }).strict(),
  z.object({
    client: z.literal('postgres'),
    /** `postgres://user:password@host:port/database`. */
    connectionString: z.string({ error: 'is required for client "postgres"' }).regex(/^postgres(ql)?:\/\//, { error: 'must start with postgres://' }),
    /** Connections in the pool. @default 10 */
    poolSize: z.number().int().min(1).max(1000).optional(),
  }).strict(),
], { error: 'must be { client: "sqlite", filename } or { client: "postgres", connectionString }' });

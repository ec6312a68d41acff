import { z } from 'zod';
import { authSchema } from '../auth/auth-config.js';
import { imagesSchema } from '../images/image-config.js';
import { bucketSchema, databaseSchema, BUCKET_ID, providerSchema } from './storage-schemas.js';
import type { AnyRouteFamily } from '../families/family.js';
import { defaultFamilies } from '../families/index.js';

export { bucketSchema };

/**
 * The server's own settings, in the shape Strapi users know (`provider`, `providerOptions`,
 * `actionOptions`, `sizeLimit`) plus buckets, database and server settings; route families add their
 * sections (see {@link composeConfigSchema}).
 */
export const serverConfigShape = {
  /**
   * The storage provider: a name by the naming convention (`local`, `aws-s3`, a package name or a path),
   * or a provider definition object (programmatic use).
   * @default 'local'
   */
  provider: providerSchema.default('local'),
  /**
   * The provider's options (credentials included; never logged).
   * @default { root: './uploads' } for the local provider
   */
  providerOptions: z.unknown().optional(),
  /**
   * Extra fields for each provider call, by action: `upload` fields (cacheControl, contentDisposition,
   * metadata) are merged into every upload.
   * @default {}
   */
  actionOptions: z
    .object({
      upload: z
        .object({ cacheControl: z.string().optional(), contentDisposition: z.string().optional(), metadata: z.record(z.string(), z.string()).optional() })
        .catchall(z.unknown())
        .optional(),
      uploadStream: z.record(z.string(), z.unknown()).optional(),
      delete: z.record(z.string(), z.unknown()).optional(),
    })
    .strict()
    .default({}),
  /**
   * The largest file accepted, in bytes (a bucket may lower it).
   * @default 209715200 (200 MiB)
   */
  sizeLimit: z.number({ error: 'must be a number of bytes' }).int().min(1).default(200 * 1024 * 1024),
  /** Multipart limits other than file size. */
  limits: z
    .object({
      /** Files per request. @default 20 */
      files: z.number().int().min(1).default(20),
      /** Non-file fields per request. @default 100 */
      fields: z.number().int().min(1).default(100),
      /** Bytes of one non-file field (metadata JSON). @default 65536 */
      fieldSize: z.number().int().min(1).default(64 * 1024),
    })
    .strict()
    .default({ files: 20, fields: 100, fieldSize: 64 * 1024 }),
  /**
   * Buckets by id (`[a-z0-9][a-z0-9_-]*`). `default` always exists; settings given here are applied at
   * every start.
   * @default { default: {} }
   */
  buckets: z
    .record(z.string(), bucketSchema)
    .superRefine((buckets, ctx) => {
      for (const id of Object.keys(buckets)) {
        if (!BUCKET_ID.test(id)) ctx.addIssue({ code: 'custom', path: [id], message: 'bucket ids must match [a-z0-9][a-z0-9_-]* (at most 63 characters)' });
      }
    })
    .default({}),
  /**
   * Where file records live.
   * @default { client: 'sqlite', filename: './stowage.db' }
   */
  database: databaseSchema.default({ client: 'sqlite', filename: './stowage.db' }),
  /**
   * What to store when the magic bytes disagree with the part's Content-Type: the sniffed type, the
   * declared one, or refuse the file (415).
   * @default 'sniffed'
   */
  mimeTypeMismatch: z.enum(['sniffed', 'declared', 'reject']).default('sniffed'),
  /**
   * The port `stowage serve` listens on.
   * @default 1337
   */
  port: z.number().int().min(0).max(65_535).default(1337),
  /**
   * The interface `stowage serve` listens on.
   * @default '0.0.0.0'
   */
  host: z.string().min(1).default('0.0.0.0'),
  /**
   * The URL clients reach this server at, used in presigned links. Without it, links use the request's
   * Host header.
   */
  publicUrl: z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' }).optional(),
  /**
   * The HMAC key of the server's own presigned links (at least 32 characters). Share it between
   * instances. Without it a random key is made at start: links then die with the process.
   */
  signingSecret: z.string().min(32, { error: 'must be at least 32 characters' }).optional(),
  /**
   * The admin secret, sent in `x-stowage-admin-secret` (or `x-hasura-admin-secret`): it grants every
   * action and the admin endpoints (`/v1/ops/*`), which are off without it.
   */
  adminSecret: z.string().min(16, { error: 'must be at least 16 characters' }).optional(),
  /**
   * Authentication (JWT) and per-bucket permissions; see docs/security.md.
   * @default {} (auth off: rules default to public and `stowage serve` listens on 127.0.0.1 only)
   */
  auth: authSchema.prefault({}),
  /**
   * Seconds an unreferenced object or a never-completed record must be old before the admin endpoints
   * count it (an upload may be in flight).
   * @default 300
   */
  orphanGracePeriod: z.number().int().min(0).default(300),
  /**
   * Milliseconds a graceful shutdown waits for uploads in flight.
   * @default 30000
   */
  shutdownTimeout: z.number().int().min(0).default(30_000),
  /**
   * Upload bytes received (all requests together) between two young-generation collections, which free
   * the socket buffers Node allocates for every read of a request body. Without them, V8 lets about
   * 64 MiB of spent buffers pile up before it collects, whatever the file size. 0 leaves it to V8.
   * Much lower values cost more than they save: buffers still in flight get promoted (see BENCHMARKS.md).
   * @default 4194304 (4 MiB)
   */
  releaseBuffersEvery: z.number({ error: 'must be a number of bytes' }).int().min(0).default(4 * 1024 * 1024),
  /**
   * Image transforms on download (`w`, `h`, `q`, `b`, `f`): the rules' defaults (a bucket may override
   * them under `buckets.<id>.images`) and the transform queue.
   * @default {}
   */
  images: imagesSchema,
  /**
   * pino's log level.
   * @default 'info'
   */
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
};

/** The configuration sections of `families`, merged into one shape. */
type FamilySections<Families extends readonly AnyRouteFamily[]> = UnionToIntersection<NonNullable<Families[number]['config']>>;
type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? (I extends object ? I : never) : never;

/**
 * The server's configuration schema with the sections of `families` (their `config`), strict as a
 * whole: a section of a family that is not composed is an unknown key.
 * @throws when two families, or a family and the server, claim the same key.
 */
export function composeConfigSchema<const Families extends readonly AnyRouteFamily[]>(families: Families) {
  const sections: Record<string, z.ZodType> = {};
  for (const family of families) {
    for (const [key, schema] of Object.entries(family.config ?? {})) {
      if (key in serverConfigShape || key in sections) throw new Error(`Route family "${family.name}" claims the configuration key "${key}", which is taken`);
      sections[key] = schema as z.ZodType;
    }
  }
  return z
    .object({ ...serverConfigShape, ...sections } as typeof serverConfigShape & FamilySections<Families>)
    .strict()
    .superRefine((config, ctx) => checkActionOptions(config as StowageConfig, ctx));
}

function checkActionOptions(config: StowageConfig, ctx: z.RefinementCtx): void {
  // Strapi providers take Strapi's own action options (an S3 `ACL`, say), passed through as they are;
  // a Stowage provider takes only the fields above, so a typo is an error rather than silently ignored.
  if (typeof config.provider === 'string' && config.provider.startsWith('strapi:')) return;
  const { upload = {}, uploadStream, delete: del } = config.actionOptions;
  for (const name of Object.keys(upload)) {
    if (!STOWAGE_UPLOAD_ACTION_OPTIONS.has(name)) {
      ctx.addIssue({ code: 'custom', path: ['actionOptions', 'upload', name], message: 'unknown option: a Stowage provider takes cacheControl, contentDisposition and metadata (other keys are for Strapi providers, provider: "strapi:<name>")' });
    }
  }
  for (const [action, value] of [['uploadStream', uploadStream], ['delete', del]] as const) {
    if (value !== undefined && Object.keys(value).length > 0) {
      ctx.addIssue({ code: 'custom', path: ['actionOptions', action], message: 'only Strapi providers (provider: "strapi:<name>") take options for this action' });
    }
  }
}

const STOWAGE_UPLOAD_ACTION_OPTIONS = new Set(['cacheControl', 'contentDisposition', 'metadata']);

/** The server's schema with the default families' sections. */
export const configSchema = composeConfigSchema(defaultFamilies);

/** The configuration as written by the user, the default families' sections (`strapi`) included. */
export type StowageConfigInput = z.input<typeof configSchema>;
/**
 * The server's own settings with defaults applied. The families' sections are there too, but typed
 * by their families (`StrapiConfig`), which read them from their mount.
 */
export type StowageConfig = z.output<z.ZodObject<typeof serverConfigShape>>;
/** One bucket's settings with defaults applied. */
export type BucketConfig = z.output<typeof bucketSchema>;

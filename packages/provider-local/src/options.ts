import { z } from 'zod';

/**
 * The slice of Node's callback `fs` API this provider uses. `node:fs` satisfies it, and so does memfs's
 * `createFsFromVolume(vol)`; any object with these functions (same signatures as Node's) works.
 */
export interface FsLike {
  open(...args: any[]): unknown;
  close(...args: any[]): unknown;
  read(...args: any[]): unknown;
  write(...args: any[]): unknown;
  fsync(...args: any[]): unknown;
  fchmod(...args: any[]): unknown;
  fstat(...args: any[]): unknown;
  stat(...args: any[]): unknown;
  lstat(...args: any[]): unknown;
  mkdir(...args: any[]): unknown;
  chmod(...args: any[]): unknown;
  rename(...args: any[]): unknown;
  unlink(...args: any[]): unknown;
  rmdir(...args: any[]): unknown;
  readdir(...args: any[]): unknown;
  /** Optional: used to write several chunks in one call when present (Node's fs and memfs have it). */
  writev?(...args: any[]): unknown;
  /** Optional: without it the provider does not declare `resumable` (which cuts an upload back to a handle). */
  ftruncate?(...args: any[]): unknown;
}

/** The functions {@link FsLike} requires, checked when options are parsed. */
export const FS_METHODS = [
  'open',
  'close',
  'read',
  'write',
  'fsync',
  'fchmod',
  'fstat',
  'stat',
  'lstat',
  'mkdir',
  'chmod',
  'rename',
  'unlink',
  'rmdir',
  'readdir',
] as const satisfies readonly (keyof FsLike)[];

function isFsLike(value: unknown): value is FsLike {
  if (typeof value !== 'object' || value === null) return false;
  return FS_METHODS.every((method) => typeof (value as Record<string, unknown>)[method] === 'function');
}

const mode = (name: string) =>
  z
    .number({ error: `${name} must be a permission number such as 0o644` })
    .int()
    .min(0)
    .max(0o7777, { error: `${name} must be at most 0o7777` });

/**
 * Signing options: the secret that signs URLs and the public URL where `createSignedRequestHandler`
 * serves them.
 */
export const signingSchema = z
  .object({
    /**
     * The HMAC-SHA256 key. Required when signing is configured (no default): a random per-instance secret
     * would silently break every issued URL on restart and between several server processes. Keep it
     * stable, shared by every process that signs or verifies, and at least 32 characters long.
     * @default none: required when `signing` is set
     */
    secret: z.string({ error: 'signing.secret is required: a string of at least 32 characters' }).min(32, {
      error: 'signing.secret must be at least 32 characters long',
    }),
    /**
     * The absolute URL under which the signed-request handler is mounted, such as
     * `https://files.example.com/signed`. Signed URLs are `<baseUrl>/<encoded key>?expires=…&signature=…`.
     * @default none: required when `signing` is set
     */
    baseUrl: z.url({ protocol: /^https?$/, error: 'signing.baseUrl must be an absolute http(s) URL' }),
  })
  .strict();

/** Options of the local-disk provider, as given by the user. */
export const localOptionsSchema = z
  .object({
    /**
     * The directory objects are stored under (relative paths resolve against the working directory).
     * Every key becomes a file path below it.
     * @default none: required
     */
    root: z.string({ error: 'root is required: the directory to store objects in' }).min(1, { error: 'root must not be empty' }),
    /**
     * A public base URL (a static file server or CDN serving `root`). When set, upload results carry
     * `url = <baseUrl>/<encoded key>`.
     * @default undefined (results carry no url)
     */
    baseUrl: z.url({ protocol: /^https?$/, error: 'baseUrl must be an absolute http(s) URL' }).optional(),
    /**
     * The file system to use, in the shape of Node's `fs` module (callback API). Inject memfs's
     * `createFsFromVolume(vol)` in tests.
     * @default require('node:fs')
     */
    fs: z
      .custom<FsLike>(isFsLike, { error: `fs must be an object shaped like node:fs with ${FS_METHODS.join(', ')}` })
      .optional(),
    /**
     * Permission bits of stored files (applied with fchmod, so the umask does not narrow them).
     * @default 0o644
     */
    fileMode: mode('fileMode').default(0o644),
    /**
     * Permission bits of directories the provider creates (applied with chmod).
     * @default 0o755
     */
    dirMode: mode('dirMode').default(0o755),
    /**
     * Whether to fsync each written file before renaming it into place, and its directory after, so a
     * stored object survives a power loss. Turning it off is faster and still atomic for readers.
     * @default true
     */
    fsync: z.boolean({ error: 'fsync must be a boolean' }).default(true),
    /**
     * Enables `signedUrl` and `signedUpload` (served by `createSignedRequestHandler`). Without it those
     * calls fail with `INVALID_OPTIONS`.
     * @default undefined (signing disabled)
     */
    signing: signingSchema.optional(),
    /**
     * Whether to create `root` (and its parents) when it is missing, at `init`. With `false`, a missing
     * root makes `check` fail with `INVALID_OPTIONS` and uploads fail with `UNAVAILABLE`.
     * @default true
     */
    createRoot: z.boolean({ error: 'createRoot must be a boolean' }).default(true),
  })
  .strict();

/** Options of the local-disk provider, as given by the user. */
export type LocalOptions = z.input<typeof localOptionsSchema>;

/** Options after parsing, with defaults applied. */
export type ParsedLocalOptions = z.output<typeof localOptionsSchema>;

/** Signing options: `{ secret, baseUrl }`. */
export type SigningOptions = z.output<typeof signingSchema>;

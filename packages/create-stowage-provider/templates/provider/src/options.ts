import { z } from 'zod';

/**
 * The options of this provider, validated by `parseOptions` at `init`. Every option documents its
 * default; a bad value fails with `INVALID_OPTIONS` naming the option (never its value: options hold
 * secrets). Replace the directory-store options with your backend's (bucket, region, credentials…).
 */
export const optionsSchema = z
  .object({
    /**
     * The directory objects are stored under; relative paths resolve against the working directory.
     * @default none: required
     */
    root: z.string({ error: 'root is required: the directory to store objects in' }).min(1, { error: 'root must not be empty' }),
    /**
     * Whether `init` creates `root` (and its parents) when it is missing. With `false`, a missing root
     * makes `check` fail with `INVALID_OPTIONS`.
     * @default true
     */
    createRoot: z.boolean({ error: 'createRoot must be a boolean' }).default(true),
  })
  .strict();

/** The options as given by the user. */
export type __PASCAL_NAME__Options = z.input<typeof optionsSchema>;

/** The options after parsing, defaults applied. */
export type Parsed__PASCAL_NAME__Options = z.output<typeof optionsSchema>;

import { z } from 'zod';

/** The `tus` section: resumable uploads at `/v1/files/tus`. */
export const tusConfigSchema = z
  .object({
    /**
     * Seconds an unfinished upload is kept from its creation; after that its parts, staged bytes and
     * record are removed (by the sweep, or by `/v1/ops/delete-not-uploaded`).
     * @default 86400 (a day)
     */
    expiresIn: z.number().int().min(60).default(86_400),
    /**
     * Where partial uploads are staged until their last byte arrives, relative to the working directory,
     * for a provider that does not declare `resumable` (the others keep the parts themselves: S3 multipart
     * parts, Azure staged blocks, GCS part objects, the local provider's append file). Every instance
     * that may resume such an upload must see the same directory.
     * @default './.stowage/tus'
     */
    stagingDir: z.string().min(1).default('./.stowage/tus'),
    /**
     * Seconds between sweeps of expired uploads; 0 turns the sweep off.
     * @default 600
     */
    sweepInterval: z.number().int().min(0).default(600),
  })
  .strict()
  .default({ expiresIn: 86_400, stagingDir: './.stowage/tus', sweepInterval: 600 });

export type TusConfig = z.output<typeof tusConfigSchema>;

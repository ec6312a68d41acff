import { z } from 'zod';

/** The `direct` section: direct-to-bucket uploads (`POST /v1/files/direct`). */
export const directConfigSchema = z
  .object({
    /**
     * Seconds a signed upload URL stays valid. A declaration never completed is removed by
     * `POST /v1/ops/delete-not-uploaded` once this and `orphanGracePeriod` have passed.
     * @default 900
     */
    expiresIn: z.number({ error: 'must be a number of seconds' }).int().min(1).max(7 * 24 * 3600).default(900),
  })
  .strict();

/** The `direct` section with defaults applied. */
export type DirectConfig = z.output<typeof directConfigSchema>;

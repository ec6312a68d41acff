import { z } from 'zod';

const LINK_FIELD = /^[A-Za-z0-9_.:-]+\.[A-Za-z0-9_-]+$/;

/**
 * The Strapi-compatible `/upload` API's settings (`strapi` in the server configuration): where its files
 * go, how link fields behave, and Strapi's responsive image formats.
 */
export const strapiConfigSchema = z
  .object({
    /**
     * The bucket files uploaded through `/upload` go to (its size, MIME and auth rules apply).
     * @default 'default'
     */
    bucket: z.string().min(1).default('default'),
    /**
     * Link fields by `<ref>.<field>` (`user.avatar`, `api::product.product.pictures`): `single` keeps one
     * file per entry (a new upload replaces the link), `multiple` keeps them all. Undeclared fields are
     * `multiple`.
     * @default {}
     */
    fields: z
      .record(z.string().regex(LINK_FIELD, { error: 'must be "<ref>.<field>", such as user.avatar' }), z.enum(['single', 'multiple'], { error: 'must be "single" or "multiple"' }))
      .default({}),
    /**
     * Responsive formats' widths by name, as Strapi's `breakpoints`; only those smaller than the image
     * are made.
     * @default { large: 1000, medium: 750, small: 500 }
     */
    breakpoints: z.record(z.string().regex(/^[a-z0-9_-]+$/i, { error: 'format names are letters, digits, "-" or "_"' }), z.number().int().min(1).max(20_000)).default({ large: 1000, medium: 750, small: 500 }),
    /**
     * Whether responsive formats (the breakpoints) are made; the thumbnail is always made for images.
     * @default true
     */
    responsiveDimensions: z.boolean().default(true),
    /**
     * Whether formats are re-encoded with size-optimizing settings (quality 80, progressive, palette PNG).
     * @default true
     */
    sizeOptimization: z.boolean().default(true),
    /**
     * Whether formats follow the image's EXIF orientation (and `width`/`height` are reported upright).
     * @default false
     */
    autoOrientation: z.boolean().default(false),
  })
  .strict();

/** The `/upload` API's settings with defaults applied. */
export type StrapiConfig = z.output<typeof strapiConfigSchema>;

import { z } from 'zod';

/**
 * What a bucket allows of image transforms (`w`, `h`, `q`, `b`, `f` on downloads). Set server-wide under
 * `images` and per bucket under `buckets.<id>.images`; a bucket's settings override the server's.
 */
export const imageRulesShape = {
  /**
   * Whether downloads of this bucket's files take transform parameters; off answers 403 to them.
   * @default true
   */
  enabled: z.boolean({ error: 'must be a boolean' }),
  /**
   * The largest `w` accepted, in pixels.
   * @default 4096
   */
  maxWidth: z.number({ error: 'must be a number of pixels' }).int().min(1).max(65_535),
  /**
   * The largest `h` accepted, in pixels.
   * @default 4096
   */
  maxHeight: z.number({ error: 'must be a number of pixels' }).int().min(1).max(65_535),
  /**
   * The most pixels (width × height, as the image's header declares them) an original may have to be
   * transformed. Checked before decoding, so a small file declaring a huge image (a decompression bomb)
   * is refused with 413 without costing memory.
   * @default 100000000 (100 megapixels)
   */
  maxInputPixels: z.number({ error: 'must be a number of pixels' }).int().min(1),
  /**
   * Whether SVG originals may be rasterized. Off by default: rendering a user's SVG runs a renderer over
   * active content.
   * @default false
   */
  svg: z.boolean({ error: 'must be a boolean' }),
};

export const IMAGE_RULE_DEFAULTS = { enabled: true, maxWidth: 4096, maxHeight: 4096, maxInputPixels: 100_000_000, svg: false } as const;

/** A bucket's overrides (`buckets.<id>.images`). */
export const bucketImageRulesSchema = z.object(imageRulesShape).partial().strict();

/** The server-wide `images` section: the rules' defaults, and the transform queue. */
export const imagesSchema = z
  .object({
    enabled: imageRulesShape.enabled.default(IMAGE_RULE_DEFAULTS.enabled),
    maxWidth: imageRulesShape.maxWidth.default(IMAGE_RULE_DEFAULTS.maxWidth),
    maxHeight: imageRulesShape.maxHeight.default(IMAGE_RULE_DEFAULTS.maxHeight),
    maxInputPixels: imageRulesShape.maxInputPixels.default(IMAGE_RULE_DEFAULTS.maxInputPixels),
    svg: imageRulesShape.svg.default(IMAGE_RULE_DEFAULTS.svg),
    /**
     * Transforms that run at once in this process; each holds libvips' working memory for one image.
     * @default 4
     */
    concurrency: z.number({ error: 'must be a whole number' }).int().min(1).max(64).default(4),
    /**
     * Transform requests that may wait for a free slot; one more answers 503 with `Retry-After`.
     * @default 32
     */
    queueLimit: z.number({ error: 'must be a whole number' }).int().min(0).default(32),
    /**
     * Milliseconds a request waits for a slot before it answers 503 with `Retry-After`.
     * @default 10000
     */
    queueTimeout: z.number({ error: 'must be a number of milliseconds' }).int().min(1).default(10_000),
  })
  .strict()
  .prefault({});

/** The rules in force for one bucket. */
export type ImageRules = z.output<z.ZodObject<typeof imageRulesShape>>;

/** The server-wide `images` settings, with defaults applied. */
export type ImagesConfig = z.output<typeof imagesSchema>;

/** The rules for `bucketId`: the server's, with the bucket's own on top. */
export function imageRulesFor(images: ImagesConfig, bucket: { images?: z.output<typeof bucketImageRulesSchema> | undefined } | undefined): ImageRules {
  const { enabled, maxWidth, maxHeight, maxInputPixels, svg } = images;
  return { enabled, maxWidth, maxHeight, maxInputPixels, svg, ...bucket?.images };
}

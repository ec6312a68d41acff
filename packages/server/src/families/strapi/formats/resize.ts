import type { Sharp } from 'sharp';
import { openImage } from '../../../images/sharp.js';

/** Strapi's thumbnail box: fit inside 245×156. */
export const THUMBNAIL = { width: 245, height: 156 } as const;

/** Formats sharp can resize and write back in the same encoding (Strapi's list). */
const RESIZABLE = new Set(['jpeg', 'png', 'webp', 'tiff', 'gif', 'avif']);

/** What {@link probeImage} learnt of an image file. */
export interface ImageFacts {
  width: number;
  height: number;
  format: string;
  /** Whether responsive formats can be made from it. */
  resizable: boolean;
}

/** How formats are made. */
export interface ResizeOptions {
  breakpoints: Record<string, number>;
  responsiveDimensions: boolean;
  sizeOptimization: boolean;
  autoOrientation: boolean;
}

/** One format to make: its name and the box it fits in. */
export interface FormatPlan {
  name: string;
  width: number;
  height: number;
}

async function open(path: string) {
  return openImage(path, { limitInputPixels: 268_402_689 });
}

/** The dimensions and encoding of the image in `path`, or undefined when sharp cannot read it. */
export async function probeImage(path: string, autoOrientation: boolean): Promise<ImageFacts | undefined> {
  const meta = await (await open(path)).metadata().catch(() => undefined);
  if (meta?.width === undefined || meta.height === undefined || meta.format === undefined) return undefined;
  // SVG is never rasterized here: it is served as an attachment and has no pixel size of its own.
  if (meta.format === 'svg') return undefined;
  const turned = autoOrientation && (meta.orientation ?? 1) >= 5;
  return { width: turned ? meta.height : meta.width, height: turned ? meta.width : meta.height, format: meta.format, resizable: RESIZABLE.has(meta.format) };
}

/** The formats Strapi would make of an image this size: the thumbnail, then breakpoints smaller than it. */
export function planFormats(image: ImageFacts, options: ResizeOptions): FormatPlan[] {
  if (!image.resizable) return [];
  const plans: FormatPlan[] = [];
  if (image.width > THUMBNAIL.width || image.height > THUMBNAIL.height) plans.push({ name: 'thumbnail', ...THUMBNAIL });
  if (options.responsiveDimensions) {
    for (const [name, size] of Object.entries(options.breakpoints)) {
      if (size < image.width || size < image.height) plans.push({ name, width: size, height: size });
    }
  }
  return plans;
}

/**
 * A sharp pipeline reading `path` and writing one format as a stream, in the image's own encoding.
 * `info` resolves with the output's dimensions once sharp has them.
 */
export async function resizeStream(path: string, image: ImageFacts, plan: FormatPlan, options: ResizeOptions): Promise<{ stream: Sharp; info: Promise<{ width: number; height: number }> }> {
  let pipeline = await open(path);
  if (options.autoOrientation) pipeline = pipeline.rotate();
  pipeline = pipeline.resize({ width: plan.width, height: plan.height, fit: 'inside', withoutEnlargement: true });
  if (options.sizeOptimization) {
    if (image.format === 'jpeg') pipeline = pipeline.jpeg({ quality: 80, progressive: true });
    else if (image.format === 'png') pipeline = pipeline.png({ compressionLevel: 9, palette: true, quality: 80 });
    else if (image.format === 'webp') pipeline = pipeline.webp({ quality: 80 });
    else if (image.format === 'avif') pipeline = pipeline.avif({ quality: 50 });
  }
  const info = new Promise<{ width: number; height: number }>((resolve, reject) => {
    pipeline.once('info', (i: { width: number; height: number }) => resolve({ width: i.width, height: i.height }));
    pipeline.once('error', reject);
  });
  info.catch(() => undefined);
  return { stream: pipeline, info };
}

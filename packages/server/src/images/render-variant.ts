import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HttpError } from '../http/http-status.js';
import type { ImageRules } from './image-config.js';
import { openImage } from './sharp.js';
import type { OutputFormat, TransformParams } from './transform-params.js';

/** What to make of one original. */
export interface RenderPlan {
  params: TransformParams;
  format: OutputFormat;
  rules: ImageRules;
  /** Names the original in errors. */
  label: string;
}

/** A variant written to a file. */
export interface Rendered {
  path: string;
  size: number;
  width: number;
  height: number;
}

/**
 * Writes the original (streamed from `source`) into `dir`, checks its header against the rules, and
 * transforms it into a second file there. The original is never held in memory (sharp would buffer a
 * stream input whole), and its declared pixel count is checked before anything is decoded.
 * @throws `HttpError` 415 for what cannot be decoded (or an SVG the rules keep from rasterizing), 413 for
 *   an original past `maxInputPixels`.
 */
export async function renderVariant(source: Readable, dir: string, plan: RenderPlan): Promise<Rendered> {
  const input = join(dir, 'original');
  await pipeline(source, createWriteStream(input));
  const { rules, params, format } = plan;
  const meta = await (await openImage(input, { limitInputPixels: false })).metadata().catch(() => undefined);
  if (meta?.width === undefined || meta.height === undefined) throw undecodable(plan.label);
  if (meta.format === 'svg' && !rules.svg) throw new HttpError('UNSUPPORTED_MEDIA_TYPE', `Cannot transform ${plan.label}: SVG images are not rasterized in this bucket (images.svg is off)`);
  const pixels = meta.width * meta.height;
  if (pixels > rules.maxInputPixels) {
    throw new HttpError('TOO_LARGE', `Cannot transform ${plan.label}: it declares ${meta.width}×${meta.height} pixels, more than this bucket's images.maxInputPixels (${rules.maxInputPixels})`, { limit: rules.maxInputPixels });
  }
  // A truncated or corrupt original fails here rather than yielding a half-grey picture.
  let image = (await openImage(input, { limitInputPixels: rules.maxInputPixels, failOn: 'error' })).rotate();
  if (params.w !== undefined || params.h !== undefined) image = image.resize({ width: params.w, height: params.h, fit: 'inside', withoutEnlargement: true });
  if (params.b !== undefined) image = image.blur(params.b);
  if (format === 'jpeg') image = image.flatten({ background: '#ffffff' });
  image = image.toFormat(format, params.q === undefined ? {} : { quality: params.q });
  const output = join(dir, `variant.${format}`);
  try {
    const info = await image.toFile(output);
    return { path: output, size: info.size, width: info.width, height: info.height };
  } catch (error) {
    if (/pixel limit/i.test(String((error as Error).message))) {
      throw new HttpError('TOO_LARGE', `Cannot transform ${plan.label}: it has more pixels than this bucket's images.maxInputPixels (${rules.maxInputPixels})`, { limit: rules.maxInputPixels });
    }
    throw undecodable(plan.label, error);
  }
}

function undecodable(label: string, cause?: unknown): HttpError {
  const why = cause instanceof Error ? `: ${cause.message.split('\n')[0]?.slice(0, 200) ?? ''}` : '';
  return new HttpError('UNSUPPORTED_MEDIA_TYPE', `Cannot transform ${label}: it could not be decoded as an image${why}`, undefined, { cause });
}

import type { Sharp, SharpOptions } from 'sharp';

type SharpFactory = ((input: string, options?: SharpOptions) => Sharp) & { cache(enabled: boolean): unknown };

let loading: Promise<SharpFactory> | undefined;

/** sharp and libvips (about 20 MiB of resident memory) load with the first image, not with the server. */
export function loadSharp(): Promise<SharpFactory> {
  loading ??= import('sharp').then((module) => {
    const sharp = ((module as { default?: unknown }).default ?? module) as SharpFactory;
    // libvips' operation cache keeps decoded images of earlier calls alive, so memory would grow with
    // each image; every transform here reads its file once, so the cache buys nothing.
    sharp.cache(false);
    return sharp;
  });
  return loading;
}

/**
 * Opens the image file at `path` for one pass: sequential access lets libvips stream the decode (and
 * shrink JPEGs on load) instead of holding the whole decoded image.
 */
export async function openImage(path: string, options: { limitInputPixels: number | false; failOn?: SharpOptions['failOn'] }): Promise<Sharp> {
  const sharp = await loadSharp();
  return sharp(path, { sequentialRead: true, failOn: options.failOn ?? 'none', limitInputPixels: options.limitInputPixels });
}

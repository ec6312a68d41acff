import type { FormatRequest, OutputFormat } from './transform-params.js';

/** The encodings sharp reads, by the MIME type a file was stored with. */
const SOURCE_FORMATS: Readonly<Record<string, string>> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/avif': 'avif',
  'image/gif': 'gif',
  'image/tiff': 'tiff',
  'image/heic': 'heif',
  'image/heif': 'heif',
  'image/svg+xml': 'svg',
};

/** The MIME type of each output encoding. */
export const OUTPUT_MIME: Readonly<Record<OutputFormat, string>> = { jpeg: 'image/jpeg', webp: 'image/webp', png: 'image/png', avif: 'image/avif' };

/** The encoding of a stored image by its MIME type, or undefined for a type no transform reads. */
export function sourceFormat(mimeType: string): string | undefined {
  return SOURCE_FORMATS[mimeType.toLowerCase()];
}

/**
 * The encoding a transform writes. `same` keeps the original's where it can be written (a GIF, TIFF or
 * HEIF original becomes PNG or JPEG), `auto` takes AVIF, then WebP, from `Accept`, else as `same`.
 */
export function outputFormat(asked: FormatRequest | undefined, source: string, accept: string | undefined): OutputFormat {
  if (asked !== undefined && asked !== 'same' && asked !== 'auto') return asked;
  if (asked === 'auto') {
    if (accepts(accept, 'image/avif')) return 'avif';
    if (accepts(accept, 'image/webp')) return 'webp';
  }
  if (source === 'jpeg' || source === 'png' || source === 'webp' || source === 'avif') return source;
  // Photos (HEIF, TIFF) stay lossy; drawings and animations' first frame (GIF, SVG) stay lossless.
  return source === 'heif' || source === 'tiff' ? 'jpeg' : 'png';
}

/** Whether `accept` lists `type` with a non-zero weight (a wildcard does not count: it says nothing of AVIF). */
function accepts(accept: string | undefined, type: string): boolean {
  for (const part of (accept ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (name?.trim() !== type) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  }
  return false;
}

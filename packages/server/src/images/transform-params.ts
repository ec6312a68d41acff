import { HttpError } from '../http/http-status.js';
import type { ImageRules } from './image-config.js';

/** Encodings a transform can write. */
export const OUTPUT_FORMATS = ['jpeg', 'webp', 'png', 'avif'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** What `f` may ask for: an encoding, the original's (`same`), or the best the client accepts (`auto`). */
export type FormatRequest = OutputFormat | 'same' | 'auto';

/** Nhost's transform parameters, validated: `w` and `h` are maxima that keep the aspect ratio. */
export interface TransformParams {
  w?: number;
  h?: number;
  /** 1-100, for JPEG, WebP and AVIF. */
  q?: number;
  /** A Gaussian blur's sigma, 0.3-1000. */
  b?: number;
  f?: FormatRequest;
}

/** The query parameters that ask for a transform. */
export const TRANSFORM_PARAMS = ['w', 'h', 'q', 'b', 'f'] as const;

const FORMATS: readonly string[] = ['auto', 'same', ...OUTPUT_FORMATS];

/**
 * The transform a download's query asks for, or undefined when it names none of `w`, `h`, `q`, `b`, `f`.
 * `w=0`, `h=0` and `b=0` mean "not asked".
 * @throws `HttpError` 400 naming the parameter and what it must be.
 */
export function parseTransform(query: URLSearchParams, rules: Pick<ImageRules, 'maxWidth' | 'maxHeight'>): TransformParams | undefined {
  if (!TRANSFORM_PARAMS.some((name) => query.has(name))) return undefined;
  const params: TransformParams = {};
  const w = integer(query, 'w', 0, rules.maxWidth, `a width in pixels from 1 to ${rules.maxWidth} (this bucket's images.maxWidth)`);
  const h = integer(query, 'h', 0, rules.maxHeight, `a height in pixels from 1 to ${rules.maxHeight} (this bucket's images.maxHeight)`);
  const q = integer(query, 'q', 1, 100, 'a quality from 1 to 100');
  const b = number(query, 'b');
  if (w !== undefined && w > 0) params.w = w;
  if (h !== undefined && h > 0) params.h = h;
  if (q !== undefined) params.q = q;
  if (b !== undefined && b > 0) params.b = b;
  const f = single(query, 'f');
  if (f !== undefined) {
    if (!FORMATS.includes(f)) throw invalid('f', f, `one of ${FORMATS.join(', ')}`);
    params.f = f as FormatRequest;
  }
  return params;
}

/** The parameters in one canonical order, for signatures and cache keys. */
export function canonicalTransform(params: TransformParams): string {
  return TRANSFORM_PARAMS.filter((name) => params[name] !== undefined)
    .map((name) => `${name}=${String(params[name])}`)
    .join('&');
}

function single(query: URLSearchParams, name: string): string | undefined {
  const values = query.getAll(name);
  if (values.length > 1) throw new HttpError('INVALID_INPUT', `Invalid ${name}: given ${values.length} times, expected once`, { parameter: name });
  return values[0];
}

function integer(query: URLSearchParams, name: string, min: number, max: number, expected: string): number | undefined {
  const raw = single(query, name);
  if (raw === undefined) return undefined;
  const value = /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= min && value <= max)) throw invalid(name, raw, expected);
  return value;
}

function number(query: URLSearchParams, name: 'b'): number | undefined {
  const raw = single(query, name);
  if (raw === undefined) return undefined;
  const value = /^\d{1,4}(\.\d{1,3})?$/.test(raw) ? Number(raw) : Number.NaN;
  // libvips' Gaussian blur takes sigmas from 0.3 to 1000; 0 asks for none.
  if (!(value === 0 || (value >= 0.3 && value <= 1000))) throw invalid(name, raw, 'a blur sigma from 0.3 to 1000 (or 0 for none)');
  return value;
}

function invalid(name: string, raw: string, expected: string): HttpError {
  return new HttpError('INVALID_INPUT', `Invalid ${name}: "${raw.slice(0, 32)}" is not ${expected}`, { parameter: name });
}

import { normalizeKey } from '../keys.js';
import type { UploadInput } from '../provider.js';
import { checkMetadata } from './metadata-rule.js';
import { invalidInput, type RuleContext } from './rule-error.js';

/** The MIME type of an object uploaded without one. */
export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

/** What {@link checkUploadInput} hands back: the checked fields, ready to store. */
export interface CheckedUploadInput {
  /** The key as `normalizeKey` normalized it (NFC), without the provider's prefix: the result's `key`. */
  key: string;
  /** The MIME type, {@link DEFAULT_CONTENT_TYPE} when none was given. */
  contentType: string;
  /** The `Cache-Control` to store, when given. */
  cacheControl?: string;
  /** The `Content-Disposition` to store, when given. */
  contentDisposition?: string;
  /** A copy of the user metadata (`{}` when none was given). */
  metadata: Record<string, string>;
}

// Served back as HTTP headers: a CR or LF would let an uploader add headers to every later response.
const CONTROL = /[\u0000-\u001f\u007f]/;
const HEADER_FIELDS = ['contentType', 'cacheControl', 'contentDisposition'] as const;

/**
 * The rule for a string that is stored and served back as an HTTP header (a MIME type, `Cache-Control`,
 * `Content-Disposition`, also when a signed URL or upload carries one): a string without control
 * characters. `undefined` passes. Returns the value, typed.
 * @throws `INVALID_INPUT` naming `field`.
 */
export function checkHeaderValue(field: string, value: unknown, context: RuleContext = {}): string | undefined {
  if (value !== undefined && (typeof value !== 'string' || CONTROL.test(value))) {
    throw invalidInput(field, 'a string without control characters (it is served back as an HTTP header)', context);
  }
  return value;
}

/**
 * THE rule for what an upload describes, run by every provider's `upload` before it reads a byte of the
 * body or makes a request:
 *
 * - `input` is an object;
 * - `key` passes `normalizeKey` (else `INVALID_KEY`, checked first);
 * - `contentType`, `cacheControl` and `contentDisposition` are strings without control characters;
 * - `metadata` passes `checkMetadata`: lower-case `[a-z0-9-]` names of at most 80 characters outside
 *   the `stowage-` prefix, string values, 2048 UTF-8 bytes in all.
 *
 * The body and its `size`, `maxSize`, `minSize`, `sha256`, `signal` and `onChunk` are the upload meter's
 * (`meterUpload`).
 * `context.provider` is added to the errors; the key is added by this function.
 * @throws `INVALID_KEY` for the key; `INVALID_INPUT` naming the field and what was expected.
 */
export function checkUploadInput(input: UploadInput, context: Pick<RuleContext, 'provider'> = {}): CheckedUploadInput {
  if (typeof input !== 'object' || input === null) throw invalidInput('upload input', 'an object with key and body', context);
  const key = normalizeKey(input.key);
  const at: RuleContext = { ...context, key };
  for (const field of HEADER_FIELDS) checkHeaderValue(field, input[field], at);
  return {
    key,
    contentType: input.contentType ?? DEFAULT_CONTENT_TYPE,
    ...(input.cacheControl === undefined ? {} : { cacheControl: input.cacheControl }),
    ...(input.contentDisposition === undefined ? {} : { contentDisposition: input.contentDisposition }),
    metadata: checkMetadata(input.metadata, at),
  };
}

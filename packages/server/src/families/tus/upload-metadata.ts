import { HttpError } from '../../http/http-status.js';
import { FILE_ID } from '../../files/storage-key.js';

/**
 * What a tus client says about its file in `Upload-Metadata` (base64 values, as tus-js-client's
 * `metadata` option sends them). Every key is optional.
 */
export interface TusFileMetadata {
  /** The bucket. @default 'default' */
  bucketId: string;
  /** The file name. @default 'file' */
  filename: string;
  /** The declared MIME type (magic bytes are sniffed at the end too). @default 'application/octet-stream' */
  contentType: string;
  /** A custom file id (1-128 letters, digits, `-`, `_`); a UUID when absent. */
  id?: string;
  /** User metadata: a JSON object. */
  metadata: Record<string, unknown> | null;
}

/** The documented `Upload-Metadata` keys. */
export const METADATA_KEYS = ['bucketId', 'filename', 'contentType', 'id', 'metadata'] as const;

/**
 * Reads the documented keys; other keys are ignored (tus-js-client and Uppy add their own).
 * @throws `HttpError` 400 `INVALID_INPUT` naming the key and what was expected.
 */
export function readTusMetadata(raw: Record<string, string | null> | undefined): TusFileMetadata {
  const get = (key: (typeof METADATA_KEYS)[number]) => {
    const value = raw?.[key];
    return value === null || value === undefined || value === '' ? undefined : value;
  };
  const id = get('id');
  if (id !== undefined && !FILE_ID.test(id)) {
    throw new HttpError('INVALID_INPUT', `Invalid Upload-Metadata id: "${id}" must be 1-128 letters, digits, "-" or "_", starting with a letter or digit`);
  }
  let metadata: Record<string, unknown> | null = null;
  const json = get('metadata');
  if (json !== undefined) {
    try {
      metadata = JSON.parse(json) as Record<string, unknown>;
    } catch {
      throw new HttpError('INVALID_INPUT', 'Invalid Upload-Metadata metadata: expected a JSON object');
    }
    if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
      throw new HttpError('INVALID_INPUT', 'Invalid Upload-Metadata metadata: expected a JSON object');
    }
  }
  return {
    bucketId: get('bucketId') ?? 'default',
    filename: get('filename') ?? 'file',
    contentType: get('contentType') ?? 'application/octet-stream',
    ...(id === undefined ? {} : { id }),
    metadata,
  };
}

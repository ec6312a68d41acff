import { HttpError } from '../../http/http-status.js';

/** What `POST /v1/files/direct` declares about the file the client is about to upload. */
export interface Declaration {
  bucketId: string;
  name: string;
  /** Exact size in bytes. */
  size: number;
  mimeType: string;
  id?: string;
  metadata: Record<string, unknown> | null;
}

const KNOWN = new Set(['bucketId', 'name', 'size', 'mimeType', 'id', 'metadata']);

/**
 * Checks the shape of a declaration (the bucket's rules are checked by the route).
 * @throws `HttpError` 400 naming the property and what was expected.
 */
export function parseDeclaration(value: unknown): Declaration {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HttpError('INVALID_INPUT', 'Invalid body: expected a JSON object { bucketId, name, size, mimeType, id?, metadata? }');
  const body = value as Record<string, unknown>;
  const unknown = Object.keys(body).filter((key) => !KNOWN.has(key));
  if (unknown.length > 0) throw new HttpError('INVALID_INPUT', `Invalid body: unknown properties ${unknown.join(', ')}; expected bucketId, name, size, mimeType, id, metadata`);
  const { bucketId = 'default', name, size, mimeType, id, metadata } = body;
  if (typeof bucketId !== 'string' || bucketId === '') throw new HttpError('INVALID_INPUT', 'Invalid bucketId: expected a bucket id');
  if (typeof name !== 'string') throw new HttpError('INVALID_INPUT', 'Invalid name: expected the file name, a string');
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) throw new HttpError('INVALID_INPUT', 'Invalid size: expected the exact size of the file, a whole number of bytes');
  if (typeof mimeType !== 'string' || mimeType === '') throw new HttpError('INVALID_INPUT', 'Invalid mimeType: expected the MIME type of the file, such as image/png');
  if (id !== undefined && (typeof id !== 'string' || id === '')) throw new HttpError('INVALID_INPUT', 'Invalid id: expected a non-empty string');
  if (metadata !== undefined && metadata !== null && (typeof metadata !== 'object' || Array.isArray(metadata))) throw new HttpError('INVALID_INPUT', 'Invalid metadata: expected a JSON object');
  return { bucketId, name, size, mimeType, ...(id === undefined ? {} : { id: id as string }), metadata: (metadata ?? null) as Record<string, unknown> | null };
}

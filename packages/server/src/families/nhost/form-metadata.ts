import { safeFileName } from '../../files/safe-name.js';
import { HttpError } from '../../http/http-status.js';

/** Nhost's per-file metadata (`metadata[]` of `POST /files`, `metadata` of `PUT /files/{id}`). */
export interface FormMetadata {
  id?: string;
  name?: string;
  metadata?: Record<string, unknown>;
}

/**
 * Parses one metadata part (JSON).
 * @throws `HttpError` 400 naming the field and what was expected.
 */
export function parseFormMetadata(text: string, field: string, allowId: boolean): FormMetadata {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError('INVALID_INPUT', `Invalid ${field}: expected a JSON object`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HttpError('INVALID_INPUT', `Invalid ${field}: expected a JSON object`);
  const { id, name, metadata, ...rest } = value as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw new HttpError('INVALID_INPUT', `Invalid ${field}: unknown properties ${unknown.join(', ')}; expected ${allowId ? 'id, ' : ''}name, metadata`);
  const result: FormMetadata = {};
  if (id !== undefined) {
    if (!allowId) throw new HttpError('INVALID_INPUT', `Invalid ${field}.id: the id of an existing file cannot change`);
    if (typeof id !== 'string' || id === '') throw new HttpError('INVALID_INPUT', `Invalid ${field}.id: expected a non-empty string`);
    result.id = id;
  }
  if (name !== undefined) {
    if (typeof name !== 'string') throw new HttpError('INVALID_INPUT', `Invalid ${field}.name: expected a string`);
    result.name = safeFileName(name, `${field}.name`);
  }
  if (metadata !== undefined && metadata !== null) {
    if (typeof metadata !== 'object' || Array.isArray(metadata)) throw new HttpError('INVALID_INPUT', `Invalid ${field}.metadata: expected a JSON object`);
    result.metadata = metadata as Record<string, unknown>;
  }
  return result;
}

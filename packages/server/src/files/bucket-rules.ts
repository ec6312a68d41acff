import type { StowageConfig } from '../config/schema.js';
import { HttpError } from '../http/http-status.js';
import type { Bucket } from '../store/records.js';

/** The size bounds a file in `bucket` must respect, the server-wide `sizeLimit` included. */
export function sizeBounds(bucket: Bucket, config: StowageConfig): { min: number; max: number } {
  const max = bucket.maxUploadFileSize > 0 ? Math.min(bucket.maxUploadFileSize, config.sizeLimit) : config.sizeLimit;
  return { min: bucket.minUploadFileSize, max };
}

/** @throws `HttpError` 415 when `bucket` does not accept `mimeType`. */
export function assertMimeAllowed(bucket: Bucket, mimeType: string, field: string): void {
  const allowed = bucket.allowedMimeTypes;
  if (allowed === null || allowed.length === 0) return;
  const [type] = mimeType.split('/');
  const ok = allowed.some((pattern) => {
    const p = pattern.toLowerCase();
    return p === mimeType || p === '*/*' || (p.endsWith('/*') && p.slice(0, -2) === type);
  });
  if (!ok) {
    throw new HttpError('UNSUPPORTED_MEDIA_TYPE', `Invalid ${field}: MIME type "${mimeType}" is not allowed in bucket "${bucket.id}"; expected one of ${allowed.join(', ')}`, { bucketId: bucket.id, mimeType, allowedMimeTypes: allowed });
  }
}

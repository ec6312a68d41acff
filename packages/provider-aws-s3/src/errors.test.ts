import { describe, expect, it } from 'vitest';
import { toStowageError } from './errors.js';

// Error objects shaped as the SDK throws them, for answers a test server cannot be made to give
// (throttling, outages); the real-server tests cover the rest.
const sdkError = (name: string, status: number) => Object.assign(new Error('UnknownError'), { name, Code: name, $metadata: { httpStatusCode: status } });
const context = { operation: 'read', bucket: 'photos', key: 'a.png' };

describe('toStowageError', () => {
  it.each([
    ['NoSuchKey', 404, 'NOT_FOUND', false],
    ['AccessDenied', 403, 'ACCESS_DENIED', false],
    ['InvalidAccessKeyId', 403, 'INVALID_CREDENTIALS', false],
    ['SignatureDoesNotMatch', 403, 'INVALID_CREDENTIALS', false],
    ['ExpiredToken', 400, 'INVALID_CREDENTIALS', false],
    ['InvalidRange', 416, 'INVALID_RANGE', false],
    ['SlowDown', 503, 'UNAVAILABLE', true],
    ['Throttling', 400, 'UNAVAILABLE', true],
    ['InternalError', 500, 'UNAVAILABLE', true],
    ['ServiceUnavailable', 503, 'UNAVAILABLE', true],
    ['NotImplemented', 501, 'UNSUPPORTED', false],
    ['PreconditionFailed', 412, 'UNAVAILABLE', true],
    ['AccessControlListNotSupported', 400, 'INVALID_OPTIONS', false],
    ['EntityTooLarge', 400, 'TOO_LARGE', false],
    ['NoSuchUpload', 404, 'ABORTED', false],
  ] as const)('%s (HTTP %i) is %s', (name, status, code, retryable) => {
    const error = toStowageError(sdkError(name, status), context);
    expect(error).toMatchObject({ code, retryable, key: 'a.png', provider: 'aws-s3' });
    expect(error.message).toContain(name);
  });

  it('names the bucket for NoSuchBucket', () => {
    const error = toStowageError(sdkError('NoSuchBucket', 404), context);
    expect(error.code).toBe('INVALID_OPTIONS');
    expect(error.message).toContain('bucket "photos" does not exist (option "bucket")');
  });

  it('maps network failures and aborts', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(toStowageError(refused, context)).toMatchObject({ code: 'UNAVAILABLE', retryable: true });
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    expect(toStowageError(abort, context).code).toBe('ABORTED');
  });

  it('falls back on the status of code-less HEAD answers', () => {
    const head = (status: number) => Object.assign(new Error('UnknownError'), { name: status === 404 ? 'NotFound' : 'Unknown', $metadata: { httpStatusCode: status } });
    expect(toStowageError(head(404), context).code).toBe('NOT_FOUND');
    expect(toStowageError(head(403), context).code).toBe('ACCESS_DENIED');
    expect(toStowageError(head(503), context)).toMatchObject({ code: 'UNAVAILABLE', retryable: true });
  });
});

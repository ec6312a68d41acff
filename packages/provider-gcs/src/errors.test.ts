import { describe, expect, it } from 'vitest';
import { statusOf, toStowageError } from './errors.js';

// Real servers produce most of these statuses only in situations a test cannot stage (throttling, outages,
// revoked keys), so the mapping itself is checked on error objects shaped like the SDK's.
const apiError = (code: number, message = 'boom') => Object.assign(new Error(message), { code, errors: [{ message }] });

describe('toStowageError: the one mapping of SDK errors to core codes', () => {
  const cases: [number, string, boolean?][] = [
    [404, 'NOT_FOUND'],
    [401, 'INVALID_CREDENTIALS'],
    [403, 'ACCESS_DENIED'],
    [412, 'ALREADY_EXISTS', true],
    [416, 'INVALID_RANGE'],
    [429, 'UNAVAILABLE'],
    [500, 'UNAVAILABLE'],
    [503, 'UNAVAILABLE'],
  ];
  for (const [status, code, conditional] of cases) {
    it(`HTTP ${status} → ${code}`, () => {
      const error = toStowageError(apiError(status), { key: 'a.txt', operation: 'upload', conditional: conditional ?? false });
      expect(error.code).toBe(code);
      expect(error.provider).toBe('gcs');
      expect(error.key).toBe('a.txt');
      expect(error.retryable).toBe(code === 'UNAVAILABLE');
      expect(error.message).toContain(`HTTP ${status}`);
    });
  }

  it('reads the status from ApiError.code, a gaxios response, or a resumable upload error', () => {
    expect(statusOf({ code: 404 })).toBe(404);
    expect(statusOf({ response: { status: 403 } })).toBe(403);
    expect(statusOf({ code: '429' })).toBe(429);
    expect(statusOf({ code: 'ECONNREFUSED' })).toBeUndefined();
  });

  it('maps network failures and missing default credentials', () => {
    expect(toStowageError(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }), { operation: 'list' }).code).toBe('UNAVAILABLE');
    expect(toStowageError(new Error('Could not load the default credentials. Browse to ...'), { operation: 'list' }).code).toBe('INVALID_CREDENTIALS');
  });

  it('maps a failed CRC32C/MD5 validation to CHECKSUM_MISMATCH', () => {
    for (const code of ['FILE_NO_UPLOAD', 'FILE_NO_UPLOAD_DELETE', 'CONTENT_DOWNLOAD_MISMATCH']) {
      expect(toStowageError(Object.assign(new Error('The uploaded data did not match'), { code }), { operation: 'upload' }).code).toBe('CHECKSUM_MISMATCH');
    }
  });

  it('names predefinedAcl when a bucket with uniform bucket-level access refuses an ACL', () => {
    const error = toStowageError(apiError(400, 'Cannot insert legacy ACL for an object when uniform bucket-level access is enabled.'), { operation: 'upload' });
    expect(error.code).toBe('INVALID_OPTIONS');
    expect(error.message).toMatch(/predefinedAcl/);
  });

  it('never echoes signatures, upload session ids or bearer tokens', () => {
    const error = toStowageError(apiError(403, 'denied https://x/o?X-Goog-Signature=abcdef&upload_id=SESSION123 Bearer ya29.token'), { operation: 'read' });
    expect(error.message).not.toMatch(/abcdef|SESSION123|ya29/);
  });

  it('a 412 without a precondition is not ALREADY_EXISTS', () => {
    expect(toStowageError(apiError(412), { operation: 'copy' }).code).toBe('UNAVAILABLE');
  });

  it('words a 404 with notFound when what is missing is not the object asked for', () => {
    const error = toStowageError(apiError(404), { key: 'a.txt', operation: 'resumable upload lookup', notFound: 'No such resumable upload' });
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe('No such resumable upload');
    expect(toStowageError(apiError(503), { operation: 'x', notFound: 'No such resumable upload' }).message).toContain('HTTP 503');
  });
});

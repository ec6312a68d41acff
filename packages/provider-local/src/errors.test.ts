import { StowageError } from '@stowage/core';
import { describe, expect, it } from 'vitest';
import { mapFsError } from './errors.js';

const sys = (code: string) => Object.assign(new Error(code), { code });

describe('mapFsError', () => {
  it.each([
    ['ENOENT', 'read', 'NOT_FOUND', false],
    ['ENOTDIR', 'read', 'NOT_FOUND', false],
    ['EISDIR', 'read', 'NOT_FOUND', false],
    ['ENOENT', 'write', 'UNAVAILABLE', false],
    ['EISDIR', 'write', 'INVALID_KEY', false],
    ['ENOTDIR', 'write', 'INVALID_KEY', false],
    ['EACCES', 'read', 'ACCESS_DENIED', false],
    ['EPERM', 'write', 'ACCESS_DENIED', false],
    ['EROFS', 'write', 'ACCESS_DENIED', false],
    ['ENAMETOOLONG', 'write', 'INVALID_KEY', false],
    ['ENOSPC', 'write', 'UNAVAILABLE', false],
    ['EDQUOT', 'write', 'UNAVAILABLE', false],
    ['EMFILE', 'read', 'UNAVAILABLE', true],
    ['EIO', 'read', 'UNAVAILABLE', true],
  ] as const)('%s during %s is %s (retryable: %s)', (code, operation, expected, retryable) => {
    const error = mapFsError(sys(code), operation, 'k');
    expect(error.code).toBe(expected);
    expect(error.retryable).toBe(retryable);
    expect(error.key).toBe('k');
    expect(error.provider).toBe('local');
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it('passes StowageErrors through and maps AbortError to ABORTED', () => {
    const original = new StowageError('TOO_LARGE', 'x');
    expect(mapFsError(original, 'write')).toBe(original);
    expect(mapFsError(Object.assign(new Error('a'), { name: 'AbortError' }), 'read').code).toBe('ABORTED');
  });
});

import { STOWAGE_ERROR_CODES, StowageError } from '@stowage/core';
import { describe, expect, it } from 'vitest';
import { ERROR_STATUS } from './error-codes.js';
import { describeError, HTTP_STATUS, HttpError } from './http-status.js';

describe('HTTP_STATUS', () => {
  it('maps every core error code', () => {
    expect(Object.keys(HTTP_STATUS).sort()).toEqual([...STOWAGE_ERROR_CODES].sort());
    expect(HTTP_STATUS.NOT_FOUND).toBe(404);
    expect(HTTP_STATUS.TOO_LARGE).toBe(413);
    expect(HTTP_STATUS.INVALID_RANGE).toBe(416);
    expect(HTTP_STATUS.UNAVAILABLE).toBe(503);
  });

  it('describes errors for clients without leaking internals', () => {
    expect(describeError(new StowageError('TOO_LARGE', 'Body is larger than 5 bytes'))).toEqual({ status: 413, message: 'Body is larger than 5 bytes', data: { code: 'TOO_LARGE' } });
    expect(describeError(new StowageError('INVALID_OPTIONS', 'bucket "secret-name" is missing'))).toEqual({ status: 500, message: 'Internal server error', data: { code: 'INVALID_OPTIONS' } });
    expect(describeError(new HttpError('INVALID_INPUT', 'Invalid x', { field: 'x' }))).toEqual({ status: 400, message: 'Invalid x', data: { code: 'INVALID_INPUT', field: 'x' } });
    expect(describeError(new Error('boom at /srv/path'))).toEqual({ status: 500, message: 'Internal server error' });
  });
});

describe('ERROR_STATUS', () => {
  it('extends core’s table: every core code keeps its status, and every code is a 4xx or 5xx', () => {
    for (const code of STOWAGE_ERROR_CODES) expect(ERROR_STATUS[code]).toBe(HTTP_STATUS[code]);
    for (const status of Object.values(ERROR_STATUS)) expect(status >= 400 && status < 600).toBe(true);
    expect(new HttpError('UNAUTHENTICATED', 'Sign in').status).toBe(401);
    expect(new HttpError('METHOD_NOT_ALLOWED', 'No', undefined, { headers: { allow: 'GET' } }).headers).toEqual({ allow: 'GET' });
  });
});

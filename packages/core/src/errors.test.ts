import { describe, expect, it } from 'vitest';
import { STOWAGE_ERROR_CODES, StowageError, isStowageError, type StowageErrorCode } from './errors.js';

// A second evaluation of the module: what an app gets when two copies of @stowage/core are installed.
async function loadSecondCopy(): Promise<typeof import('./errors.js')> {
  const specifier = './errors.ts?copy=2';
  return (await import(/* @vite-ignore */ specifier)) as typeof import('./errors.js');
}

describe('StowageError', () => {
  it('lists thirteen distinct codes', () => {
    expect(new Set(STOWAGE_ERROR_CODES).size).toBe(STOWAGE_ERROR_CODES.length);
    expect(STOWAGE_ERROR_CODES).toHaveLength(13);
  });

  it.each(STOWAGE_ERROR_CODES.map((code) => [code]))('%s keeps its code, message and name', (code) => {
    const error = new StowageError(code, 'something happened');
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe(code);
    expect(error.message).toBe('something happened');
    expect(error.name).toBe('StowageError');
    expect(error.stack).toContain('StowageError');
  });

  it('is retryable by default only for UNAVAILABLE', () => {
    const retryable = STOWAGE_ERROR_CODES.filter((code) => new StowageError(code, 'x').retryable);
    expect(retryable).toEqual(['UNAVAILABLE']);
  });

  it('lets the caller override retryable both ways', () => {
    expect(new StowageError('UNAVAILABLE', 'x', { retryable: false }).retryable).toBe(false);
    expect(new StowageError('ACCESS_DENIED', 'x', { retryable: true }).retryable).toBe(true);
  });

  it('keeps the cause, key and provider', () => {
    const cause = new Error('socket hang up');
    const error = new StowageError('UNAVAILABLE', 'backend down', { cause, key: 'a/b.txt', provider: 'aws-s3' });
    expect(error.cause).toBe(cause);
    expect(error.key).toBe('a/b.txt');
    expect(error.provider).toBe('aws-s3');
  });

  it('keeps a non-Error cause as given', () => {
    expect(new StowageError('ABORTED', 'x', { cause: 'user left' }).cause).toBe('user left');
  });

  it('has no cause property when none is given', () => {
    expect('cause' in new StowageError('NOT_FOUND', 'x')).toBe(false);
  });

  it('serializes to JSON without the cause object or its stack', () => {
    const cause = Object.assign(new Error('SDK said no'), { secret: 'hunter2' });
    const error = new StowageError('NOT_FOUND', 'No object at "a.txt"', { cause, key: 'a.txt', provider: 'local' });
    expect(error.toJSON()).toEqual({
      name: 'StowageError',
      code: 'NOT_FOUND',
      message: 'No object at "a.txt"',
      retryable: false,
      key: 'a.txt',
      provider: 'local',
      cause: 'SDK said no',
    });
    const text = JSON.stringify(error);
    expect(JSON.parse(text)).toEqual(error.toJSON());
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('errors.test');
  });

  it('omits key, provider and cause from JSON when absent', () => {
    expect(new StowageError('UNAVAILABLE', 'down').toJSON()).toEqual({
      name: 'StowageError',
      code: 'UNAVAILABLE',
      message: 'down',
      retryable: true,
    });
  });

  it('reduces a non-Error cause to a string in JSON', () => {
    expect(new StowageError('ABORTED', 'x', { cause: 'user left' }).toJSON().cause).toBe('user left');
    expect(new StowageError('ABORTED', 'x', { cause: 42 }).toJSON().cause).toBe('42');
  });
});

describe('isStowageError', () => {
  it('recognises a StowageError, with or without codes', () => {
    const error = new StowageError('NOT_FOUND', 'x');
    expect(isStowageError(error)).toBe(true);
    expect(isStowageError(error, 'NOT_FOUND')).toBe(true);
    expect(isStowageError(error, 'ACCESS_DENIED', 'NOT_FOUND')).toBe(true);
    expect(isStowageError(error, 'ACCESS_DENIED')).toBe(false);
    expect(isStowageError(error, 'ACCESS_DENIED', 'UNAVAILABLE')).toBe(false);
  });

  it.each<[string, unknown]>([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'NOT_FOUND'],
    ['a number', 404],
    ['a plain Error', new Error('x')],
    ['an Error with a code', Object.assign(new Error('x'), { code: 'NOT_FOUND' })],
    ['a look-alike object', { name: 'StowageError', code: 'NOT_FOUND', message: 'x' }],
    ['a JSON round-trip of a StowageError', JSON.parse(JSON.stringify(new StowageError('NOT_FOUND', 'x')))],
    ['a function', () => undefined],
  ])('rejects %s', (_label, value) => {
    expect(isStowageError(value)).toBe(false);
    expect(isStowageError(value, 'NOT_FOUND')).toBe(false);
  });

  it('narrows the type', () => {
    const value: unknown = new StowageError('TOO_LARGE', 'x');
    if (!isStowageError(value)) throw new Error('expected a StowageError');
    const code: StowageErrorCode = value.code;
    expect(code).toBe('TOO_LARGE');
  });

  it('recognises errors from a second copy of the module, both ways', async () => {
    const copy = await loadSecondCopy();
    expect(copy.StowageError).not.toBe(StowageError);

    const foreign = new copy.StowageError('ACCESS_DENIED', 'x');
    expect(foreign).not.toBeInstanceOf(StowageError);
    expect(isStowageError(foreign)).toBe(true);
    expect(isStowageError(foreign, 'ACCESS_DENIED')).toBe(true);
    expect(isStowageError(foreign, 'NOT_FOUND')).toBe(false);

    const local = new StowageError('NOT_FOUND', 'x');
    expect(copy.isStowageError(local, 'NOT_FOUND')).toBe(true);
    expect(copy.isStowageError(new Error('x'))).toBe(false);
  });

  it('keeps the brand out of enumerable properties and JSON', () => {
    const error = new StowageError('NOT_FOUND', 'x');
    expect(Object.keys(error)).not.toContain(Symbol.for('stowage.error').toString());
    expect(Object.getOwnPropertySymbols(error).map((s) => Object.getOwnPropertyDescriptor(error, s)?.enumerable)).toEqual([false]);
  });
});

describe('HTTP_STATUS', () => {
  it('gives every code a client or server error status', async () => {
    const { HTTP_STATUS, STOWAGE_ERROR_CODES } = await import('./errors.js');
    expect(Object.keys(HTTP_STATUS).sort()).toEqual([...STOWAGE_ERROR_CODES].sort());
    for (const status of Object.values(HTTP_STATUS)) expect(status >= 400 && status < 600).toBe(true);
    expect(HTTP_STATUS.NOT_FOUND).toBe(404);
    expect(HTTP_STATUS.TOO_LARGE).toBe(413);
    expect(HTTP_STATUS.INVALID_RANGE).toBe(416);
  });
});

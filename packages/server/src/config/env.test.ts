import { isStowageError } from '@stowage/core';
import { describe, expect, it } from 'vitest';
import { configFromEnv } from './env.js';

describe('configFromEnv', () => {
  it('reads the overrides; STOWAGE_PORT wins over PORT', () => {
    expect(
      configFromEnv({
        PORT: '8080',
        STOWAGE_PORT: '9000',
        STOWAGE_PROVIDER: 'aws-s3',
        STOWAGE_PROVIDER_OPTIONS: '{"bucket":"b"}',
        STOWAGE_DATABASE_URL: 'postgres://u@h/db',
        STOWAGE_SIZE_LIMIT: '100',
      }),
    ).toEqual({ port: 9000, provider: 'aws-s3', providerOptions: { bucket: 'b' }, database: { client: 'postgres', connectionString: 'postgres://u@h/db' }, sizeLimit: 100 });
    expect(configFromEnv({ STOWAGE_DATABASE_URL: 'sqlite:./x.db' })).toEqual({ database: { client: 'sqlite', filename: './x.db' } });
    expect(configFromEnv({})).toEqual({});
  });

  it('names the variable, never its value, when it is unusable', () => {
    const error = (() => {
      try {
        configFromEnv({ STOWAGE_PROVIDER_OPTIONS: '{"secretAccessKey": "hunter2"' });
      } catch (e) {
        return e;
      }
    })();
    expect(isStowageError(error, 'INVALID_OPTIONS')).toBe(true);
    expect((error as Error).message).toBe('Invalid STOWAGE_PROVIDER_OPTIONS: expected a JSON object');
    expect(() => configFromEnv({ PORT: 'eighty' })).toThrow('Invalid PORT: expected a whole number');
  });
});

import { isStowageError } from '@stowage/core';
import { describe, expect, it } from 'vitest';
import { parseConfig } from './parse-config.js';

function failure(input: unknown): string {
  try {
    parseConfig(input);
  } catch (error) {
    expect(isStowageError(error, 'INVALID_OPTIONS')).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
}

describe('actionOptions', () => {
  it('takes the upload fields a Stowage provider applies to every upload', () => {
    const config = parseConfig({ actionOptions: { upload: { cacheControl: 'max-age=60', metadata: { team: 'web' } } } });
    expect(config.actionOptions.upload).toEqual({ cacheControl: 'max-age=60', metadata: { team: 'web' } });
  });

  it('refuses, by name, an option a Stowage provider does not take', () => {
    expect(failure({ actionOptions: { upload: { ACL: 'public-read' } } })).toContain('actionOptions.upload.ACL: unknown option');
    expect(failure({ provider: 'aws-s3', actionOptions: { delete: { Quiet: true } } })).toContain('actionOptions.delete: only Strapi providers');
  });

  it('passes Strapi action options through for a Strapi provider', () => {
    const config = parseConfig({
      provider: 'strapi:aws-s3',
      actionOptions: { upload: { ACL: 'private', cacheControl: 'no-store' }, uploadStream: { ACL: 'private' }, delete: {} },
    });
    expect(config.actionOptions).toEqual({ upload: { ACL: 'private', cacheControl: 'no-store' }, uploadStream: { ACL: 'private' }, delete: {} });
  });
});

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Storage } from '@google-cloud/storage';
import { isStowageError } from '@stowage/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import gcs from './index.js';
import { generateServiceAccountKey } from '../test/service-account.js';

const { key } = generateServiceAccountKey();

async function initError(options: unknown): Promise<Error> {
  const error = await gcs.init(options as never).catch((e: unknown) => e);
  expect(isStowageError(error, 'INVALID_OPTIONS'), String(error)).toBe(true);
  const { message } = error as Error;
  // Secrets never show up in messages.
  expect(message).not.toContain('PRIVATE KEY-----\n');
  expect(message).not.toContain(key.private_key.slice(40, 80));
  return error as Error;
}

describe('options, validated at init', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stowage-gcs-opts-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('names a missing or malformed bucket', async () => {
    expect((await initError({})).message).toMatch(/bucket/);
    expect((await initError({ bucket: 'Not A Bucket' })).message).toMatch(/bucket must be a GCS bucket name/);
  });

  it('names unknown options and wrong types', async () => {
    expect((await initError({ bucket: 'bkt', bukcet: 'x' })).message).toMatch(/bukcet/);
    expect((await initError({ bucket: 'bkt', chunkSize: 1000 })).message).toMatch(/chunkSize must be at least 262144/);
    expect((await initError({ bucket: 'bkt', chunkSize: 256 * 1024 + 1 })).message).toMatch(/multiple of 262144/);
    expect((await initError({ bucket: 'bkt', signedUrlExpiresIn: 604_801 })).message).toMatch(/signedUrlExpiresIn must be at most 604800/);
    expect((await initError({ bucket: 'bkt', predefinedAcl: 'world' })).message).toMatch(/predefinedAcl must be one of/);
    expect((await initError({ bucket: 'bkt', prefix: '../up' })).message).toMatch(/Invalid option prefix/);
  });

  it('checks a service-account key object without echoing it', async () => {
    expect((await initError({ bucket: 'bkt', credentials: { ...key, client_email: 'nobody' } })).message).toMatch(/client_email/);
    expect((await initError({ bucket: 'bkt', credentials: { ...key, private_key: 'secret-value' } })).message).toMatch(/private_key must be a PEM/);
    expect((await initError({ bucket: 'bkt', credentials: { ...key, private_key: 'secret-value' } })).message).not.toContain('secret-value');
  });

  it('checks keyFilename at init: readable, JSON, a service-account key', async () => {
    expect((await initError({ bucket: 'bkt', keyFilename: join(dir, 'missing.json') })).message).toMatch(/keyFilename: the key file cannot be read \(ENOENT\)/);
    const notJson = join(dir, 'bad.json');
    await writeFile(notJson, 'secret-not-json');
    const bad = await initError({ bucket: 'bkt', keyFilename: notJson });
    expect(bad.message).toMatch(/keyFilename: the key file is not JSON/);
    expect(bad.message).not.toContain('secret-not-json');
    const user = join(dir, 'user.json');
    await writeFile(user, JSON.stringify({ type: 'authorized_user', refresh_token: 'x' }));
    expect((await initError({ bucket: 'bkt', keyFilename: user })).message).toMatch(/expected a service-account key/);
    const good = join(dir, 'sa.json');
    await writeFile(good, JSON.stringify(key));
    const provider = await gcs.init({ bucket: 'bkt', keyFilename: good });
    expect(provider.name).toBe('gcs');
  });

  it('refuses contradictory auth options', async () => {
    expect((await initError({ bucket: 'bkt', credentials: key, keyFilename: '/x.json' })).message).toMatch(/either credentials or keyFilename/);
    const storage = new Storage({ projectId: 'p' });
    expect((await initError({ bucket: 'bkt', storage, apiEndpoint: 'http://127.0.0.1:1' })).message).toMatch(/apiEndpoint cannot be combined with/);
    expect((await initError({ bucket: 'bkt', storage: {} })).message).toMatch(/storage must be a Storage instance/);
  });

  it('accepts an injected Storage and reports the declared capabilities', async () => {
    const storage = new Storage({ projectId: 'p', apiEndpoint: 'http://127.0.0.1:9' });
    const provider = await gcs.init({ bucket: 'bkt', storage });
    expect(provider.storage).toBe(storage);
    expect([...provider.capabilities].sort()).toEqual([...gcs.capabilities].sort());
  });
});

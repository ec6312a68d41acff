import { S3Client } from '@aws-sdk/client-s3';
import { isStowageError } from '@stowage/core';
import { describe, expect, it } from 'vitest';
import s3, { createS3Provider } from './index.js';

const base = { bucket: 'b', region: 'eu-west-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'super-secret-value' } };

async function invalid(options: unknown): Promise<string> {
  const error = await s3.init(options as never).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isStowageError(error, 'INVALID_OPTIONS'), String(error)).toBe(true);
  const message = (error as Error).message;
  expect(message).not.toContain('super-secret-value');
  return message;
}

describe('options', () => {
  it('names each bad option and what was expected, never a secret', async () => {
    expect(await invalid({ ...base, bucket: '' })).toMatch(/bucket: expected the bucket name/);
    expect(await invalid({ ...base, bucket: undefined })).toMatch(/bucket/);
    expect(await invalid({ ...base, endpoint: 'ftp://x' })).toMatch(/endpoint: expected an http\(s\) URL/);
    expect(await invalid({ ...base, baseUrl: 'not a url' })).toMatch(/baseUrl/);
    expect(await invalid({ ...base, partSize: 1024 })).toMatch(/partSize: must be at least 5 MiB/);
    expect(await invalid({ ...base, queueSize: 0 })).toMatch(/queueSize/);
    expect(await invalid({ ...base, acl: 'everyone' })).toMatch(/acl/);
    expect(await invalid({ ...base, signedUrlExpiresIn: 604_801 })).toMatch(/signedUrlExpiresIn: must be at most 604800/);
    expect(await invalid({ ...base, credentials: { accessKeyId: '', secretAccessKey: 'super-secret-value' } })).toMatch(/credentials.accessKeyId: must not be empty/);
    expect(await invalid({ ...base, rootPath: '../up' })).toMatch(/rootPath: expected a relative key prefix/);
    expect(await invalid({ ...base, forcePathstyle: true })).toMatch(/forcePathstyle/);
    expect(await invalid({ ...base, serverSideEncryption: 'AES256', kmsKeyId: 'k' })).toMatch(/kmsKeyId: needs serverSideEncryption "aws:kms"/);
    expect(await invalid(null)).toMatch(/aws-s3/);
  });

  it('refuses client settings next to an injected client', async () => {
    const client = new S3Client({ region: 'us-east-1' });
    expect(await invalid({ bucket: 'b', client, region: 'eu-west-1', endpoint: 'http://127.0.0.1:1' })).toMatch(/region: set it on the injected S3Client.*endpoint: set it/);
    expect(await invalid({ bucket: 'b', client: { not: 'a client' } })).toMatch(/client: expected an S3Client/);
    const provider = await createS3Provider({ bucket: 'b', client });
    expect(provider.client).toBe(client);
    await provider.close();
    // close() left the injected client usable.
    expect(await client.config.region()).toBe('us-east-1');
    client.destroy();
  });

  it('without a region anywhere, init fails naming region', async () => {
    const saved = { AWS_REGION: process.env.AWS_REGION, AWS_DEFAULT_REGION: process.env.AWS_DEFAULT_REGION, AWS_CONFIG_FILE: process.env.AWS_CONFIG_FILE };
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    process.env.AWS_CONFIG_FILE = '/nonexistent/stowage-aws-config';
    try {
      expect(await invalid({ bucket: 'b' })).toMatch(/region: not set/);
    } finally {
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('defaults a custom endpoint to path style, us-east-1 and checksums only when required', async () => {
    const local = await createS3Provider({ bucket: 'b', endpoint: 'http://127.0.0.1:9000', credentials: base.credentials });
    expect(local.client.config.forcePathStyle).toBe(true);
    expect(await local.client.config.region()).toBe('us-east-1');
    expect(await local.client.config.requestChecksumCalculation()).toBe('WHEN_REQUIRED');
    expect(await local.client.config.responseChecksumValidation()).toBe('WHEN_REQUIRED');
    const r2 = await createS3Provider({ bucket: 'b', endpoint: 'https://acc.r2.cloudflarestorage.com', region: 'auto', credentials: base.credentials });
    expect(r2.client.config.forcePathStyle).toBe(true);
    expect(await r2.client.config.region()).toBe('auto');
    const aws = await createS3Provider(base);
    expect(await aws.client.config.requestChecksumCalculation()).toBe('WHEN_SUPPORTED');
    expect(aws.client.config.forcePathStyle).toBe(false);
    const awsEndpoint = await createS3Provider({ ...base, endpoint: 'https://s3.eu-west-1.amazonaws.com' });
    expect(awsEndpoint.client.config.forcePathStyle).toBe(false);
    expect(await awsEndpoint.client.config.requestChecksumCalculation()).toBe('WHEN_SUPPORTED');
    await awsEndpoint.close();
    const chosen = await createS3Provider({ ...base, endpoint: 'http://localhost:9000', forcePathStyle: false, requestChecksumCalculation: 'WHEN_SUPPORTED' });
    expect(chosen.client.config.forcePathStyle).toBe(false);
    expect(await chosen.client.config.requestChecksumCalculation()).toBe('WHEN_SUPPORTED');
    await Promise.all([local, r2, aws, chosen].map((p) => p.close()));
  });

  it('accepts a credentials object the SDK has annotated, passing on only the keys it needs', async () => {
    const shared = { ...base.credentials, $source: { CREDENTIALS_CODE: 'e' }, expiration: new Date(Date.now() + 3_600_000) };
    const provider = await createS3Provider({ ...base, credentials: shared });
    const used = await provider.client.config.credentials();
    expect(used.accessKeyId).toBe(base.credentials.accessKeyId);
    expect(used.secretAccessKey).toBe(base.credentials.secretAccessKey);
    await provider.close();
  });

  it('declares exactly the capabilities of the package manifest', async () => {
    const manifest = (await import('../package.json', { with: { type: 'json' } })).default as { stowage: { provider: string; capabilities: string[] } };
    expect(s3.name).toBe(manifest.stowage.provider);
    expect([...s3.capabilities].sort()).toEqual([...manifest.stowage.capabilities].sort());
  });
});

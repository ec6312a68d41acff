import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import { isStowageError } from '@stowage/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesToKbytes, createStrapiProvider, fileForKey, strapiProviderCandidates, type StrapiAdaptedProvider, type StrapiFile } from './index.js';
import { serveStatic } from './static-server.test-helper.js';

// Strapi providers resolve from this package, where they are installed; the files go to a temp directory.
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

describe('Strapi file objects', () => {
  it('maps keys to path/hash/ext, flat or by folder, with the size in KB as Strapi', () => {
    expect(fileForKey('a/b/photo.JPG', 'path', { mime: 'image/jpeg', sizeInBytes: 123_456 })).toEqual({ name: 'photo.JPG', hash: 'photo', ext: '.JPG', mime: 'image/jpeg', size: 123.46, sizeInBytes: 123_456, path: 'a/b' });
    expect(fileForKey('a/50%/x y.tar.gz', 'flat')).toMatchObject({ hash: 'a%2F50%25%2Fx y.tar', ext: '.gz', size: 0 });
    expect(fileForKey('noext', 'path')).toMatchObject({ hash: 'noext', ext: '' });
    expect(fileForKey('a/we ird.t x', 'path')).toMatchObject({ hash: 'we ird.t x', ext: '', path: 'a' });
    expect(bytesToKbytes(1)).toBe(0);
    expect(bytesToKbytes(5)).toBe(0.01);
  });

  it('resolves names as Strapi does, then as given', () => {
    expect(strapiProviderCandidates('aws-s3', '/x')).toEqual(['@strapi/provider-upload-aws-s3', 'strapi-provider-upload-aws-s3', 'aws-s3']);
    expect(strapiProviderCandidates('./my-provider', '/app')).toEqual(['/app/my-provider']);
    expect(strapiProviderCandidates('@acme/upload', '/x')).toEqual(['@acme/upload']);
  });
});

describe('the adapter over @strapi/provider-upload-local', () => {
  let dir: string;
  let web: Awaited<ReturnType<typeof serveStatic>>;
  let provider: StrapiAdaptedProvider;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stowage-strapi-local-'));
    web = await serveStatic(join(dir, 'public'));
    provider = await createStrapiProvider({ provider: 'local', cwd: PACKAGE_DIR, publicDir: join(dir, 'public'), baseUrl: web.url });
  });
  afterAll(async () => {
    await web?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('loads the real provider, declares what it can do, and lends no global strapi for good', () => {
    expect(provider.name).toBe('strapi-local');
    expect([...provider.capabilities].sort()).toEqual(['exists', 'read', 'stat']);
    expect((globalThis as { strapi?: unknown }).strapi).toBeUndefined();
  });

  it('streams an upload into public/uploads and reads it back through its URL, ranges included', async () => {
    const result = await provider.upload({ key: 'docs/a b+c.txt', body: Readable.from([Buffer.from('hello '), Buffer.from('strapi')]), contentType: 'text/plain' });
    expect(result).toMatchObject({ key: 'docs/a b+c.txt', size: 12, contentType: 'text/plain', url: '/uploads/docs%2Fa b+c.txt' });
    expect(await readdir(join(dir, 'public', 'uploads'))).toContain('docs%2Fa b+c.txt');
    const read = await provider.read!('docs/a b+c.txt', { range: { start: 6 } });
    expect(read).toMatchObject({ contentLength: 6, totalSize: 12, range: { start: 6, end: 11 } });
    expect(Buffer.concat(await read.body.toArray()).toString()).toBe('strapi');
    expect(await provider.exists!('docs/a b+c.txt')).toBe(true);
    await provider.delete('docs/a b+c.txt');
    await provider.delete('docs/a b+c.txt');
    expect(await provider.exists!('docs/a b+c.txt')).toBe(false);
  });

  it('enforces maxSize while streaming and leaves nothing behind', async () => {
    const error = await provider.upload({ key: 'big.bin', body: Readable.from([Buffer.alloc(1000), Buffer.alloc(1000)]), maxSize: 1500 }).catch((e: unknown) => e);
    expect(isStowageError(error, 'TOO_LARGE')).toBe(true);
    expect(await provider.exists!('big.bin')).toBe(false);
  });

  it('refuses traversal keys before calling the provider, and bad options naming the option', async () => {
    expect(isStowageError(await provider.upload({ key: '../x', body: Buffer.from('x') }).catch((e: unknown) => e), 'INVALID_KEY')).toBe(true);
    const missing = await createStrapiProvider({ provider: 'no-such-thing', cwd: dir }).catch((e: unknown) => e);
    expect(isStowageError(missing, 'INVALID_OPTIONS')).toBe(true);
    expect((missing as Error).message).toContain('@strapi/provider-upload-no-such-thing, strapi-provider-upload-no-such-thing, no-such-thing');
    const bad = await createStrapiProvider({ provider: 'local', actionOptions: { copy: {} } as never }).catch((e: unknown) => e);
    expect((bad as Error).message).toContain('Invalid actionOptions.copy');
  });

  it('hands Strapi file objects with a stream (or a buffer for providers without uploadStream)', async () => {
    const seen: StrapiFile[] = [];
    const custom = await createStrapiProvider({
      provider: {
        init: () => ({
          upload: async (file: StrapiFile) => {
            seen.push({ ...file });
            file.url = `https://cdn.example/${file.hash}${file.ext}`;
          },
          delete: async () => undefined,
        }),
      },
    });
    const result = await custom.upload({ key: 'x/y.png', body: Buffer.from('12345'), contentType: 'image/png' });
    expect(seen[0]).toMatchObject({ name: 'y.png', hash: 'y', ext: '.png', path: 'x', mime: 'image/png', size: 0.01, sizeInBytes: 5 });
    expect(seen[0]?.buffer?.toString()).toBe('12345');
    expect(result.url).toBe('https://cdn.example/y.png');
    expect([...custom.capabilities]).toEqual([]);
  });
});

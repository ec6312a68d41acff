import { isStowageError } from '@stowage/core';
import { describe, expect, it } from 'vitest';
import { freshProvider } from './helpers.js';

describe('signed URLs (service SAS with the account key)', () => {
  it('reads with a plain fetch, with the disposition override, and refuses a tampered SAS', async () => {
    const { provider } = await freshProvider({ rootPath: 'root' });
    await provider.upload({ key: 'photos/cat 1+%.png', body: Buffer.from('meow'), contentType: 'image/png', contentDisposition: 'inline' });
    const signed = await provider.signedUrl('photos/cat 1+%.png', { contentDisposition: 'attachment; filename="cat.png"' });
    expect(signed.expiresAt.getTime()).toBeGreaterThan(Date.now() + 800_000);
    const response = await fetch(signed.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="cat.png"');
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(await response.text()).toBe('meow');

    for (const [param, value] of [['rscd', 'inline'], ['sp', 'rw'], ['se', '2099-01-01T00:00:00Z']] as const) {
      const tampered = new URL(signed.url);
      tampered.searchParams.set(param, value);
      const refused = await fetch(tampered);
      expect(refused.status, param).toBe(403);
      await refused.arrayBuffer();
    }
    const otherBlob = new URL(signed.url);
    otherBlob.pathname = otherBlob.pathname.replace('cat%201', 'dog%201');
    expect((await fetch(otherBlob)).status).toBe(403);
  });

  it('signs uploads as a SAS PUT that needs x-ms-blob-type and stores the content type', async () => {
    const { provider, container } = await freshProvider();
    const upload = await provider.signedUpload('incoming/a.json', { maxSize: 1024, contentType: 'application/json', expiresIn: 60 });
    expect(upload).toMatchObject({
      method: 'PUT',
      headers: { 'x-ms-blob-type': 'BlockBlob', 'content-type': 'application/json' },
      fields: {},
      enforcesMaxSize: false,
    });
    const withoutType = await fetch(upload.url, { method: 'PUT', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(withoutType.status).toBe(400);
    const ok = await fetch(upload.url, { method: 'PUT', body: '{"a":1}', headers: upload.headers });
    expect(ok.status).toBe(201);
    const properties = await container.getBlobClient('incoming/a.json').getProperties();
    expect(properties.contentType).toBe('application/json');
    expect(properties.contentLength).toBe(7);
    // The SAS names one blob: it cannot write elsewhere.
    const elsewhere = new URL(upload.url);
    elsewhere.pathname = elsewhere.pathname.replace('a.json', 'b.json');
    expect((await fetch(elsewhere, { method: 'PUT', body: 'x', headers: upload.headers })).status).toBe(403);
  });

  it('validates expiresIn and maxSize', async () => {
    const { provider } = await freshProvider();
    expect(isStowageError(await provider.signedUrl('a', { expiresIn: 0 }).catch((e: unknown) => e), 'INVALID_INPUT')).toBe(true);
    expect(isStowageError(await provider.signedUrl('a', { expiresIn: 8 * 24 * 3600 }).catch((e: unknown) => e), 'INVALID_INPUT')).toBe(true);
    expect(isStowageError(await provider.signedUpload('a', { maxSize: -1 }).catch((e: unknown) => e), 'INVALID_INPUT')).toBe(true);
    expect(isStowageError(await provider.signedUrl('../a').catch((e: unknown) => e), 'INVALID_KEY')).toBe(true);
  });

  it('uses the signedUrlExpiresIn option as the default lifetime', async () => {
    const { provider } = await freshProvider({ signedUrlExpiresIn: 60 });
    const { url, expiresAt } = await provider.signedUrl('a');
    expect(expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(60_000);
    expect(new Date(new URL(url).searchParams.get('se')!).getTime()).toBeLessThanOrEqual(Date.now() + 61_000);
  });
});

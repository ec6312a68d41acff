import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { failure, file, sha, type SuiteContext } from './nhost-suite-tools.js';

/** `GET`/`HEAD /v1/files/{id}` and presigned URLs. */
export function readClauses(s: SuiteContext): void {
  it('downloads with ETag, Last-Modified, Cache-Control, Accept-Ranges, nosniff and inline disposition', async () => {
    const data = randomBytes(100_000);
    const up = await s.t.client.uploadFiles({ 'bucket-id': 'default', 'file[]': [file(data, 'blob é.bin', 'application/octet-stream')] });
    const f = up.body.processedFiles[0]!;
    const res = await s.t.client.getFile(f.id);
    expect(res.status).toBe(200);
    expect(sha(new Uint8Array(await res.body.arrayBuffer()))).toBe(sha(data));
    expect(res.headers.get('etag')).toBe(f.etag);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('content-length')).toBe('100000');
    expect(res.headers.get('cache-control')).toBe('max-age=3600');
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-disposition')).toBe(`inline; filename="blob _.bin"; filename*=UTF-8''blob%20%C3%A9.bin`);
    expect(Date.parse(res.headers.get('last-modified') ?? '')).toBeGreaterThan(Date.now() - 60_000);
    const head = await s.t.client.getFileMetadataHeaders(f.id);
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('100000');
    expect(head.headers.get('etag')).toBe(f.etag);
  });

  it('serves byte ranges (206) and refuses unsatisfiable ones (416)', async () => {
    const up = await s.t.client.uploadFiles({ 'file[]': [file('0123456789', 'digits.txt')] });
    const id = up.body.processedFiles[0]!.id;
    const part = await s.t.client.getFile(id, undefined, { headers: { Range: 'bytes=2-5' } });
    expect(part.status).toBe(206);
    expect(await part.body.text()).toBe('2345');
    expect(part.headers.get('content-range')).toBe('bytes 2-5/10');
    const suffix = await s.t.client.getFile(id, undefined, { headers: { Range: 'bytes=-3' } });
    expect(await suffix.body.text()).toBe('789');
    const open = await s.t.client.getFile(id, undefined, { headers: { Range: 'bytes=7-' } });
    expect(await open.body.text()).toBe('789');
    const err = await failure(s.t.client.getFile(id, undefined, { headers: { Range: 'bytes=10-' } }));
    expect(err.status).toBe(416);
  });

  it('answers conditional requests: If-None-Match / If-Modified-Since 304, If-Match / If-Unmodified-Since 412', async () => {
    const up = await s.t.client.uploadFiles({ 'file[]': [file('conditional', 'c.txt')] });
    const f = up.body.processedFiles[0]!;
    expect((await failure(s.t.client.getFile(f.id, undefined, { headers: { 'If-None-Match': f.etag } }))).status).toBe(304);
    expect((await failure(s.t.client.getFile(f.id, undefined, { headers: { 'If-Modified-Since': new Date(Date.now() + 60_000).toUTCString() } }))).status).toBe(304);
    expect((await failure(s.t.client.getFile(f.id, undefined, { headers: { 'If-Match': '"nope"' } }))).status).toBe(412);
    expect((await failure(s.t.client.getFile(f.id, undefined, { headers: { 'If-Unmodified-Since': new Date(Date.now() - 3_600_000).toUTCString() } }))).status).toBe(412);
    const ok = await s.t.client.getFile(f.id, undefined, { headers: { 'If-Match': f.etag, 'If-None-Match': '"other"' } });
    expect(await ok.body.text()).toBe('conditional');
    expect((await failure(s.t.client.getFileMetadataHeaders(f.id, undefined, { headers: { 'If-None-Match': f.etag } }))).status).toBe(304);
  });

  it('issues presigned URLs that work without credentials, and refuses tampered ones', async () => {
    const up = await s.t.client.uploadFiles({ 'file[]': [file('presigned content', 'p.txt')] });
    const id = up.body.processedFiles[0]!.id;
    const res = await s.t.client.getFilePresignedURL(id);
    expect(res.status).toBe(200);
    expect(res.body.expiration).toBe(30);
    const got = await fetch(res.body.url);
    expect(got.status).toBe(200);
    expect(await got.text()).toBe('presigned content');
    const tampered = new URL(res.body.url);
    const sig = [...tampered.searchParams.keys()].find((k) => /signature/i.test(k))!;
    tampered.searchParams.set(sig, `${tampered.searchParams.get(sig)!.slice(0, -4)}AAAA`);
    expect((await fetch(tampered)).status).toBe(403);
  });

  it('refuses presigned URLs where the bucket disables them (403)', async () => {
    const up = await s.t.client.uploadFiles({ 'bucket-id': 'private', 'file[]': [file('secret', 's.txt')] });
    expect((await failure(s.t.client.getFilePresignedURL(up.body.processedFiles[0]!.id))).status).toBe(403);
  });

}

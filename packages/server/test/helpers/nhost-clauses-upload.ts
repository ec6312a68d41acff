import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { ADMIN_SECRET } from './test-server.js';
import { failure, file, PNG, sha, type SuiteContext } from './nhost-suite-tools.js';

/** `POST /v1/files`: metadata, buckets, limits, MIME sniffing, streaming. */
export function uploadClauses(s: SuiteContext): void {
  it('uploads a file to the default bucket and answers 201 with its metadata', async () => {
    const res = await s.t.client.uploadFiles({ 'file[]': [file('hello world', 'hello.txt')] });
    expect(res.status).toBe(201);
    const [f] = res.body.processedFiles;
    expect(f).toMatchObject({ name: 'hello.txt', size: 11, bucketId: 'default', isUploaded: true, mimeType: 'text/plain', uploadedByUserId: null, metadata: null });
    expect(f?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(f?.etag).toBe(`"${sha(Buffer.from('hello world'))}"`);
    expect(Date.parse(f?.createdAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
    expect(Date.parse(f?.updatedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(f?.createdAt ?? ''));
  });

  it('uploads several files with metadata[] (id, name, metadata) into a named bucket', async () => {
    const id = `custom-${randomBytes(4).toString('hex')}`;
    const res = await s.t.client.uploadFiles({
      'bucket-id': 'images',
      'metadata[]': [{ id, name: 'renamed.png', metadata: { alt: 'a pixel', n: 1 } }, { name: 'second.png' }],
      'file[]': [file(PNG, 'a.png', 'image/png'), file(PNG, 'b.png', 'image/png')],
    });
    expect(res.status).toBe(201);
    expect(res.body.processedFiles).toHaveLength(2);
    expect(res.body.processedFiles[0]).toMatchObject({ id, name: 'renamed.png', bucketId: 'images', metadata: { alt: 'a pixel', n: 1 }, size: PNG.length });
    expect(res.body.processedFiles[1]).toMatchObject({ name: 'second.png', bucketId: 'images', metadata: null });
  });

  it('refuses metadata[] given for some files only (400) and stores nothing', async () => {
    const err = await failure(s.t.client.uploadFiles({ 'metadata[]': [{ name: 'only-one' }], 'file[]': [file('a', 'a.txt'), file('b', 'b.txt')] }));
    expect(err.status).toBe(400);
    expect(err.body.error?.message).toMatch(/metadata\[\]/);
    expect(err.body.processedFiles).toEqual([]);
    const list = await s.t.client.listFilesNotUploaded({ headers: { 'x-hasura-admin-secret': ADMIN_SECRET } });
    expect(list.body.metadata).toEqual([]);
  });

  it('stores the sniffed MIME type and serves active content as an attachment', async () => {
    const up = await s.t.client.uploadFiles({ 'file[]': [file(PNG, 'not-text.txt', 'text/plain'), file('<html><script>alert(1)</script></html>', 'x.html', 'text/html')] });
    const [png, html] = up.body.processedFiles;
    expect(png?.mimeType).toBe('image/png');
    expect(html?.mimeType).toBe('text/html');
    const res = await s.t.client.getFile(html!.id);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('enforces bucket rules: MIME type 415, size 413, nothing stored, earlier files listed', async () => {
    const mime = await failure(s.t.client.uploadFiles({ 'bucket-id': 'images', 'file[]': [file(PNG, 'ok.png', 'image/png'), file('text', 's.t.txt')] }));
    expect(mime.status).toBe(415);
    expect(mime.body.processedFiles).toHaveLength(1);
    expect(mime.body.error?.message).toMatch(/file\[1\].*text\/plain/);
    const big = Buffer.concat([PNG, randomBytes(70 * 1024)]);
    const size = await failure(s.t.client.uploadFiles({ 'bucket-id': 'images', 'file[]': [file(big, 'big.png', 'image/png')] }));
    expect(size.status).toBe(413);
    expect(size.body.processedFiles).toEqual([]);
    expect(size.body.error?.message).toMatch(/at most 65536 bytes/);
    const small = await failure(s.t.client.uploadFiles({ 'bucket-id': 'private', 'file[]': [file('abc', 'small.txt')] }));
    expect(small.status).toBe(400);
    expect(small.body.error?.message).toMatch(/at least 4 bytes/);
    const notUploaded = await s.t.client.listFilesNotUploaded({ headers: { 'x-hasura-admin-secret': ADMIN_SECRET } });
    expect(notUploaded.body.metadata).toEqual([]);
    const orphans = await s.t.client.listOrphanedFiles({ headers: { 'x-hasura-admin-secret': ADMIN_SECRET } });
    expect(orphans.body.files).toEqual([]);
  });

  it('enforces the server-wide limits: too many files 400, unknown bucket 400', async () => {
    const many = Array.from({ length: 6 }, (_, i) => file(`f${i}`, `f${i}.txt`));
    const err = await failure(s.t.client.uploadFiles({ 'file[]': many }));
    expect(err.status).toBe(400);
    expect(err.body.error?.message).toMatch(/at most 5 files/);
    expect(err.body.processedFiles).toHaveLength(5);
    const bucket = await failure(s.t.client.uploadFiles({ 'bucket-id': 'nope', 'file[]': [file('x', 'x.txt')] }));
    expect(bucket.status).toBe(400);
    expect(bucket.body.error?.message).toMatch(/bucket-id/);
  });

  it('round-trips a 12 MiB file streamed both ways', async () => {
    const data = randomBytes(12 * 1024 * 1024);
    const up = await s.t.client.uploadFiles({ 'file[]': [file(data, 'big.bin', 'application/octet-stream')] });
    const f = up.body.processedFiles[0]!;
    expect(f.size).toBe(data.length);
    const res = await s.t.client.getFile(f.id);
    expect(sha(new Uint8Array(await res.body.arrayBuffer()))).toBe(sha(data));
  });

}

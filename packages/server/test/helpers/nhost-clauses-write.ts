import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { ADMIN_SECRET } from './test-server.js';
import { failure, file, PNG, type SuiteContext } from './nhost-suite-tools.js';

/** `PUT` and `DELETE /v1/files/{id}`. */
export function writeClauses(s: SuiteContext): void {
  it('replaces content and metadata under a new storage key, deleting the old bytes', async () => {
    const up = await s.t.client.uploadFiles({ 'file[]': [file('version one', 'v.txt')] });
    const before = up.body.processedFiles[0]!;
    const oldKey = (await s.storageKey(before.id))!;
    const res = await s.t.client.replaceFile(before.id, { metadata: { name: 'v2.txt', metadata: { rev: 2 } }, file: file('version two!', 'ignored.txt') });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: before.id, name: 'v2.txt', size: 12, metadata: { rev: 2 }, bucketId: 'default', isUploaded: true });
    expect(res.body.etag).not.toBe(before.etag);
    expect(await (await s.t.client.getFile(before.id)).body.text()).toBe('version two!');
    const newKey = await s.storageKey(before.id);
    expect(newKey).not.toBe(oldKey);
    expect(await s.exists(oldKey)).toBe(false);
    expect(await s.exists(newKey!)).toBe(true);
    const metaOnly = await s.t.client.replaceFile(before.id, { metadata: { name: 'v3.txt' } });
    expect(metaOnly.body).toMatchObject({ name: 'v3.txt', size: 12, etag: res.body.etag, metadata: null });
    expect(await s.storageKey(before.id)).toBe(newKey);
  });

  it('keeps the old content and record when a replacement fails', async () => {
    const up = await s.t.client.uploadFiles({ 'bucket-id': 'images', 'file[]': [file(PNG, 'keep.png', 'image/png')] });
    const before = up.body.processedFiles[0]!;
    const key = await s.storageKey(before.id);
    const tooBig = await failure(s.t.client.replaceFile(before.id, { file: file(Buffer.concat([PNG, randomBytes(70 * 1024)]), 'big.png', 'image/png') }));
    expect(tooBig.status).toBe(413);
    const wrongType = await failure(s.t.client.replaceFile(before.id, { metadata: { name: 'x' }, file: file('text', 'x.txt') }));
    expect(wrongType.status).toBe(415);
    expect(await s.storageKey(before.id)).toBe(key);
    const res = await s.t.client.getFile(before.id);
    expect(res.headers.get('etag')).toBe(before.etag);
    expect(Buffer.from(await res.body.arrayBuffer()).equals(PNG)).toBe(true);
    expect((await s.t.client.listOrphanedFiles({ headers: { 'x-hasura-admin-secret': ADMIN_SECRET } })).body.files).toEqual([]);
  });

  it('deletes a file (204): record and bytes gone, then 404', async () => {
    const up = await s.t.client.uploadFiles({ 'file[]': [file('bye', 'bye.txt')] });
    const id = up.body.processedFiles[0]!.id;
    const key = (await s.storageKey(id))!;
    expect((await failure(s.t.client.deleteFile(id, { headers: { 'If-Match': '"stale"' } }))).status).toBe(412);
    const res = await s.t.client.deleteFile(id);
    expect(res.status).toBe(204);
    expect(await s.exists(key)).toBe(false);
    const err = await failure(s.t.client.getFile(id));
    expect(err.status).toBe(404);
    expect(err.body.error?.message).toContain(id);
    expect((await failure(s.t.client.deleteFile(id))).status).toBe(404);
  });

}

import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { ADMIN_SECRET } from './test-server.js';
import { failure, file, type SuiteContext } from './nhost-suite-tools.js';

/** The admin endpoints (`/v1/ops/*`). */
export function opsClauses(s: SuiteContext): void {
  it('lists and deletes orphans, broken records; admin endpoints need the secret', async () => {
    const headers = { 'x-hasura-admin-secret': ADMIN_SECRET };
    expect((await failure(s.t.client.listOrphanedFiles())).status).toBe(401);
    const up = await s.t.client.uploadFiles({ 'file[]': [file('orphan-to-be', 'o.txt'), file('broken-to-be', 'b.txt')] });
    const [a, b] = up.body.processedFiles;
    const keyA = (await s.storageKey(a!.id))!;
    const keyB = (await s.storageKey(b!.id))!;
    await s.t.server.handler.context.store.deleteFile(a!.id);
    await s.t.provider.delete(keyB);
    expect((await s.t.client.listOrphanedFiles({ headers })).body.files).toEqual([keyA]);
    expect((await s.t.client.listBrokenMetadata({ headers })).body.metadata).toEqual([{ id: b!.id, name: 'b.txt', bucketId: 'default', isUploaded: true }]);
    expect((await s.t.client.deleteOrphanedFiles({ headers })).body.files).toEqual([keyA]);
    expect(await s.exists(keyA)).toBe(false);
    expect((await s.t.client.deleteBrokenMetadata({ headers })).body.metadata).toHaveLength(1);
    expect((await failure(s.t.client.getFile(b!.id))).status).toBe(404);
    expect((await s.t.client.listOrphanedFiles({ headers })).body.files).toEqual([]);
  });

  it('lists and deletes records whose upload never completed', async () => {
    const headers = { 'x-hasura-admin-secret': ADMIN_SECRET };
    const { store } = s.t.server.handler.context;
    const stuck = await store.insertFile({ id: `stuck-${randomBytes(4).toString('hex')}`, bucketId: 'default', name: 'stuck.bin', mimeType: 'application/octet-stream', storageKey: `default/stuck/${randomBytes(4).toString('hex')}`, uploadedByUserId: null, metadata: null });
    expect((await failure(s.t.client.getFile(stuck.id))).status).toBe(404);
    expect((await s.t.client.listFilesNotUploaded({ headers })).body.metadata).toEqual([{ id: stuck.id, name: 'stuck.bin', bucketId: 'default', isUploaded: false }]);
    const res = await fetch(`${s.t.url}/v1/ops/delete-not-uploaded`, { method: 'POST', headers });
    expect(((await res.json()) as { metadata: unknown[] }).metadata).toHaveLength(1);
    expect(await store.getFile(stuck.id)).toBeUndefined();
  });
}

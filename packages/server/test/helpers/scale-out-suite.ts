import { randomBytes } from 'node:crypto';
import { createAPIClient } from './nhost.js';
import type { Provider } from '@stowage/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StowageConfigInput } from '../../src/config/schema.js';
import { startServer, type RunningServer } from '../../src/server.js';

/** What two instances share: one database, one storage backend, one signing secret. */
export interface SharedStack {
  config: StowageConfigInput;
  /** A fresh provider instance per server, as separate processes would have. */
  provider?: () => Promise<Provider>;
  cleanup?: () => Promise<void>;
}

/**
 * Scale-out: two server instances on one database and one storage backend. A file uploaded through
 * one is read, replaced and deleted through the other.
 */
export function scaleOutSuite(name: string, shared: () => Promise<SharedStack>): void {
  describe(`two instances sharing ${name}`, () => {
    let stack: SharedStack;
    let a: RunningServer;
    let b: RunningServer;
    beforeAll(async () => {
      stack = await shared();
      const config: StowageConfigInput = { signingSecret: randomBytes(32).toString('hex'), logLevel: 'silent', ...stack.config };
      const start = async () => startServer({ config, host: '127.0.0.1', port: 0, ...(stack.provider ? { provider: await stack.provider() } : {}) });
      [a, b] = await Promise.all([start(), start()]);
    });
    afterAll(async () => {
      await Promise.all([a?.close(), b?.close()]);
      await stack?.cleanup?.();
    });

    it('uploads through one, reads, replaces and deletes through the other', async () => {
      const clientA = createAPIClient(`${a.url}/v1`);
      const clientB = createAPIClient(`${b.url}/v1`);
      expect(a.port).not.toBe(b.port);
      const up = await clientA.uploadFiles({ 'file[]': [new File(['from instance A'], 'shared.txt', { type: 'text/plain' })] });
      const id = up.body.processedFiles[0]!.id;

      const read = await clientB.getFile(id);
      expect(await read.body.text()).toBe('from instance A');
      expect(read.headers.get('etag')).toBe(up.body.processedFiles[0]!.etag);

      const replaced = await clientB.replaceFile(id, { file: new File(['replaced through B'], 'x.txt', { type: 'text/plain' }) });
      expect(replaced.status).toBe(200);
      expect(await (await clientA.getFile(id)).body.text()).toBe('replaced through B');

      const { body } = await clientA.getFilePresignedURL(id);
      const viaB = body.url.replace(a.url, b.url);
      expect(await (await fetch(viaB)).text()).toBe('replaced through B');

      expect((await clientB.deleteFile(id)).status).toBe(204);
      await expect(clientA.getFile(id)).rejects.toMatchObject({ status: 404 });
    });

    it('sees each other’s buckets and never both win a replace of the same version', async () => {
      const clientA = createAPIClient(`${a.url}/v1`);
      const clientB = createAPIClient(`${b.url}/v1`);
      const up = await clientA.uploadFiles({ 'file[]': [new File(['v1'], 'race.txt', { type: 'text/plain' })] });
      const id = up.body.processedFiles[0]!.id;
      const results = await Promise.allSettled([
        clientA.replaceFile(id, { file: new File(['from A'], 'a.txt', { type: 'text/plain' }) }),
        clientB.replaceFile(id, { file: new File(['from B'], 'b.txt', { type: 'text/plain' }) }),
      ]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won.length).toBeGreaterThanOrEqual(1);
      for (const r of lost) expect((r.reason as { status: number }).status).toBe(409);
      const content = await (await clientB.getFile(id)).body.text();
      expect(['from A', 'from B']).toContain(content);
      const orphans = await fetch(`${a.url}/v1/ops/list-orphans`, { method: 'POST', headers: { 'x-hasura-admin-secret': 'scale-out-admin-secret' } });
      expect(((await orphans.json()) as { files: string[] }).files).toEqual([]);
    });
  });
}

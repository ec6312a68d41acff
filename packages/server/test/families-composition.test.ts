import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isStowageError } from '@stowage/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStowageHandler } from '../src/handler.js';
import { nhostFamily } from '../src/families/nhost/index.js';
import { startServer } from '../src/server.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stowage-families-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const config = (name: string) => ({ providerOptions: { root: join(dir, name) }, database: { client: 'sqlite' as const, filename: join(dir, `${name}.db`) }, logLevel: 'silent' as const });

describe('a server composed with the Nhost family alone', () => {
  it('round-trips a file through /v1/files, and knows no /upload (404 in the server’s shape, not in the document)', async () => {
    const server = await startServer({ config: config('nhost-only'), families: [nhostFamily], host: '127.0.0.1', port: 0 });
    try {
      const form = new FormData();
      form.append('file[]', new File(['hello families'], 'hello.txt', { type: 'text/plain' }));
      const up = await fetch(`${server.url}/v1/files`, { method: 'POST', body: form });
      expect(up.status).toBe(201);
      const { processedFiles } = (await up.json()) as { processedFiles: { id: string }[] };
      const id = processedFiles[0]!.id;
      const down = await fetch(`${server.url}/v1/files/${id}`);
      expect(down.status).toBe(200);
      expect(await down.text()).toBe('hello families');
      expect((await fetch(`${server.url}/v1/files/${id}`, { method: 'DELETE' })).status).toBe(204);
      expect((await fetch(`${server.url}/v1/files/${id}`)).status).toBe(404);

      for (const path of ['/upload', '/api/upload']) {
        const strapi = await fetch(`${server.url}${path}`, { method: 'POST', body: form });
        expect(strapi.status).toBe(404);
        expect(await strapi.json()).toEqual({ error: { message: `No route for POST ${path}`, data: { code: 'NOT_FOUND' } } });
      }
      const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, unknown>; tags: { name: string }[] };
      expect(Object.keys(doc.paths)).toContain('/v1/files');
      expect(Object.keys(doc.paths).filter((p) => p.includes('/upload'))).toEqual([]);
      expect(doc.tags.map((t) => t.name)).not.toContain('strapi');
      expect(server.handler.context.families.map((f) => f.family.name)).toEqual(['nhost']);
    } finally {
      await server.close();
    }
  });

  it('refuses a `strapi` section, which no composed family reads', async () => {
    const error = await createStowageHandler({ config: { ...config('no-section'), strapi: {} } as never, families: [nhostFamily] }).catch((e: unknown) => e);
    expect(isStowageError(error, 'INVALID_OPTIONS')).toBe(true);
    expect((error as Error).message).toMatch(/strapi/);
  });

  it('refuses a family given twice', async () => {
    const error = await createStowageHandler({ config: config('twice'), families: [nhostFamily, nhostFamily] }).catch((e: unknown) => e);
    expect(isStowageError(error, 'INVALID_OPTIONS')).toBe(true);
    expect((error as Error).message).toMatch(/"nhost" is given twice/);
  });
});

describe('a database Strapi’s family migrated, opened without it', () => {
  it('starts (0002_strapi stays recorded, dormant), and Strapi’s files are still there when the family comes back', async () => {
    const shared = config('comeback');
    const full = await startServer({ config: shared, host: '127.0.0.1', port: 0 });
    let strapiId: number;
    try {
      const form = new FormData();
      form.append('files', new File(['strapi bytes'], 'kept.txt', { type: 'text/plain' }));
      const res = await fetch(`${full.url}/upload`, { method: 'POST', body: form });
      expect(res.status).toBe(201);
      strapiId = ((await res.json()) as { id: number }[])[0]!.id;
    } finally {
      await full.close();
    }
    const nhostOnly = await startServer({ config: shared, families: [nhostFamily], host: '127.0.0.1', port: 0 });
    try {
      // The direct and tus families, left out as well, have their tables recorded dormant beside Strapi's.
      expect((await nhostOnly.handler.context.store.migrate()).dormant).toEqual(['0002_strapi', '0004_direct_uploads', '0004_tus', '0005_tus_handle']);
      expect((await fetch(`${nhostOnly.url}/upload/files/${strapiId}`)).status).toBe(404);
    } finally {
      await nhostOnly.close();
    }
    const again = await startServer({ config: shared, host: '127.0.0.1', port: 0 });
    try {
      const res = await fetch(`${again.url}/upload/files/${strapiId}`);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { name: string }).name).toBe('kept.txt');
    } finally {
      await again.close();
    }
  });
});

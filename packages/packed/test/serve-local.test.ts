import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { serve } from './helpers/serve.js';
import { downloadNhost, downloadStrapi, uploadNhost, uploadStrapi } from './helpers/uploads.js';

describe('npx stowage serve, installed from the tarballs', () => {
  it('runs on the embedded default (local disk, SQLite), takes Nhost and Strapi uploads, and exits 0 on SIGTERM', async () => {
    // A folder of the scratch project: npx finds the packed CLI by walking up to it.
    const cwd = join(inject('scratch'), 'serve-local');
    await mkdir(cwd);
    const server = await serve(cwd);
    try {
      const nhostBytes = randomBytes(200_000);
      const id = await uploadNhost(server.url, 'nhost.bin', nhostBytes);
      expect((await downloadNhost(server.url, id)).equals(nhostBytes)).toBe(true);

      const strapiBytes = randomBytes(70_000);
      const record = await uploadStrapi(server.url, 'strapi.bin', strapiBytes);
      expect((await downloadStrapi(server.url, record.url)).equals(strapiBytes)).toBe(true);
    } finally {
      expect(await server.stop(), server.output()).toBe(0);
    }
    // The defaults live in the working directory: the files under ./uploads, the records in ./stowage.db.
    expect(existsSync(join(cwd, 'stowage.db'))).toBe(true);
    expect(existsSync(join(cwd, 'uploads'))).toBe(true);
  });
});

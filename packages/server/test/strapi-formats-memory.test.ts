import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStrapiServer } from './helpers/strapi-fixtures.js';
import type { TestServer } from './helpers/test-server.js';

const SIDE = 8000;

describe('Strapi formats of a large image', () => {
  let t: TestServer;
  let dir: string;
  let image: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stowage-big-image-'));
    image = join(dir, 'big.jpg');
    // Made in a child process, so this process's memory does not start out inflated by it.
    const script = `require('sharp')({ create: { width: ${SIDE}, height: ${SIDE}, channels: 3, noise: { type: 'gaussian', mean: 128, sigma: 30 } } }).jpeg({ quality: 80 }).toFile(process.argv[1]).then(() => process.exit(0), (e) => { console.error(e); process.exit(1); })`;
    await promisify(execFile)(process.execPath, ['-e', script, image], { cwd: process.cwd(), timeout: 120_000 });
    t = await startStrapiServer({ client: 'sqlite', filename: ':memory:' }, { sizeLimit: 512 * 1024 * 1024 });
  }, 180_000);
  afterAll(async () => {
    await t?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('makes the formats of an 8000×8000 JPEG (192 MB decoded) with memory that stays flat', async () => {
    const bytes = (await stat(image)).size;
    global.gc?.();
    const base = process.memoryUsage().rss;
    let peak = base;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    // curl sends the file from another process, so only the server's memory is measured here.
    const { stdout } = await promisify(execFile)('curl', ['-sS', '-X', 'POST', '-F', `files=@${image};type=image/jpeg`, `${t.url}/api/upload`], { maxBuffer: 1024 * 1024 });
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    const body = JSON.parse(stdout);
    expect(body[0]).toMatchObject({ width: SIDE, height: SIDE });
    expect(Object.keys(body[0].formats).sort()).toEqual(['large', 'medium', 'small', 'thumbnail']);
    expect(body[0].formats.large).toMatchObject({ width: 1000, height: 1000 });
    const grown = (peak - base) / 1024 ** 2;
    const decoded = (SIDE * SIDE * 3) / 1024 ** 2;
    console.log(`[formats memory] ${(bytes / 1024 ** 2).toFixed(1)} MiB JPEG, ${decoded.toFixed(0)} MiB decoded: RSS grew ${grown.toFixed(1)} MiB (peak over the upload and its four formats)`);
    // Holding the decoded image would add ~183 MiB. The bound leaves room for libvips' own tile buffers and
    // for sampling noise on a loaded 2-core machine (50-80 MiB measured), so it catches decoding or
    // buffering the whole image, not a single extra copy of the 24 MiB file.
    expect(grown).toBeLessThan(120);
  }, 180_000);
});

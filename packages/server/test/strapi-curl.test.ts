import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from './helpers/databases.js';
import { jpeg, postForm, startStrapiServer } from './helpers/strapi-fixtures.js';
import type { TestServer } from './helpers/test-server.js';
import { strapiStoreOf } from '../src/families/strapi/index.js';

const run = promisify(execFile);

/** Runs curl with `args` (as a shell would split Strapi's documented command), answering status and JSON. */
async function curl(cwd: string, ...args: string[]): Promise<{ status: number; body: any }> {
  const { stdout } = await run('curl', ['-sS', '-w', '\n%{http_code}', ...args], { cwd });
  const lines = stdout.trimEnd().split('\n');
  const status = Number(lines.pop());
  return { status, body: JSON.parse(lines.join('\n')) };
}

describe.each(DIALECTS)('Strapi /upload with curl, on $name', ({ fresh }) => {
  let t: TestServer;
  let dir: string;
  beforeAll(async () => {
    t = await startStrapiServer(await fresh());
    dir = await mkdtemp(join(tmpdir(), 'stowage-curl-'));
    await writeFile(join(dir, 'a.jpg'), await jpeg(640, 480));
  });
  afterAll(async () => {
    await t?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("works with the command of Strapi's documentation, linking the file to an entry", async () => {
    // curl -X POST -F 'files=@a.jpg' -F 'refId=...' -F 'ref=...' -F 'field=...' http://127.0.0.1:PORT/api/upload
    const { status, body } = await curl(dir, '-X', 'POST', '-F', 'files=@a.jpg', '-F', 'refId=5', '-F', 'ref=api::product.product', '-F', 'field=pictures', `${t.url}/api/upload`);
    expect(status).toBe(201);
    expect(body).toHaveLength(1);
    expect(body[0]).toMatchObject({ name: 'a.jpg', mime: 'image/jpeg', ext: '.jpg', width: 640, height: 480, related: [{ ref: 'api::product.product', refId: '5', field: 'pictures' }] });
    expect(Object.keys(body[0].formats).sort()).toEqual(['small', 'thumbnail']);
    const listed = await (await fetch(`${t.url}/api/upload/files?filters[related][ref]=api::product.product&filters[related][refId]=5`)).json();
    expect(listed.map((f: { id: number }) => f.id)).toEqual([body[0].id]);
  });

  it("works with the seed's form: /upload with path, ref, refId, field and source, the path after the file", async () => {
    const { status, body } = await curl(dir, '-X', 'POST', '-F', 'files=@a.jpg', '-F', 'path=users/7', '-F', 'ref=user', '-F', 'refId=7', '-F', 'source=users-permissions', '-F', 'field=avatar', `${t.url}/upload`);
    expect(status).toBe(201);
    expect(body[0]).toMatchObject({ folderPath: '/users/7', related: [{ ref: 'user', refId: '7', field: 'avatar' }] });
    const record = (await strapiStoreOf(t.server.handler.context).get(body[0].id))!;
    expect(record.file.storageKey).toBe(`default/users/7/${body[0].hash}.jpg`);
    const format = (await t.server.handler.context.store.getFile(record.formats!.thumbnail!.fileId))!;
    expect(format.storageKey).toBe(`default/users/7/thumbnail_${body[0].hash}.jpg`);
    const bytes = await fetch(new URL(body[0].url, t.url));
    expect(bytes.status).toBe(200);
  });

  it('refuses a traversal path from curl with a Strapi ValidationError', async () => {
    const { status, body } = await curl(dir, '-X', 'POST', '-F', 'files=@a.jpg', '-F', 'path=../../etc', `${t.url}/api/upload`);
    expect(status).toBe(400);
    expect(body).toMatchObject({ data: null, error: { status: 400, name: 'ValidationError' } });
    expect(await strapiStoreOf(t.server.handler.context).find({})).toHaveLength(2);
  });
});

describe('Strapi /upload applies the bucket rules', () => {
  let t: TestServer;
  beforeAll(async () => {
    // TEST_BUCKETS' `images`: image/* only, at most 64 KiB.
    t = await startStrapiServer({ client: 'sqlite', filename: ':memory:' }, { strapi: { bucket: 'images' } });
  });
  afterAll(async () => t?.close());

  it('refuses a MIME type the bucket does not accept, and a file over its size limit, storing nothing', async () => {
    const text = await postForm(`${t.url}/api/upload`, (form) => form.append('files', new Blob(['plain'], { type: 'text/plain' }), 'a.txt'));
    expect(text.status).toBe(415);
    expect(text.body).toMatchObject({ data: null, error: { status: 415, name: 'ValidationError' } });
    expect(text.body.error.message).toContain('not allowed in bucket "images"');
    const big = await jpeg(1500, 1500);
    expect(big.length).toBeGreaterThan(64 * 1024);
    const large = await postForm(`${t.url}/api/upload`, (form) => {
      form.append('files', new Blob([big], { type: 'image/jpeg' }), 'small-ok.jpg');
    });
    expect(large.status).toBe(413);
    expect(large.body.error.name).toBe('PayloadTooLargeError');
    expect(await strapiStoreOf(t.server.handler.context).find({})).toEqual([]);
    const ok = await postForm(`${t.url}/api/upload`, (form) => form.append('files', new Blob([new Uint8Array(tiny)], { type: 'image/png' }), 'dot.png'));
    expect(ok.status).toBe(201);
    expect(ok.body[0]).toMatchObject({ width: 1, height: 1, formats: null });
  });
});

// A 1×1 PNG.
const tiny = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

import { supports } from '@stowage/core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from './helpers/databases.js';
import { jpeg, postForm, STRAPI_FIELDS, startStrapiServer } from './helpers/strapi-fixtures.js';
import type { TestServer } from './helpers/test-server.js';
import { strapiStoreOf } from '../src/families/strapi/index.js';

describe.each(DIALECTS)('Strapi /upload API on $name', ({ fresh }) => {
  let t: TestServer;
  let photo: Buffer<ArrayBuffer>;
  beforeAll(async () => {
    t = await startStrapiServer(await fresh());
    photo = await jpeg(1200, 800);
  });
  afterAll(async () => t?.close());

  const exists = async (key: string) => {
    if (!supports(t.provider, 'exists')) throw new Error('provider-local declares exists');
    return t.provider.exists(key);
  };
  const keyOf = async (fileId: string) => (await t.server.handler.context.store.getFile(fileId))?.storageKey;

  it('uploads an image with fileInfo and answers Strapi file objects with responsive formats', async () => {
    const { status, body } = await postForm(`${t.url}/api/upload`, (form) => {
      form.append('files', new Blob([photo], { type: 'image/jpeg' }), 'Beach Day.JPG');
      form.append('fileInfo', JSON.stringify({ alternativeText: 'sea', caption: 'summer' }));
    });
    expect(status).toBe(201);
    expect(body).toHaveLength(1);
    const file = body[0];
    for (const field of STRAPI_FIELDS) expect(file).toHaveProperty(field);
    expect(file).toMatchObject({ name: 'Beach Day.JPG', alternativeText: 'sea', caption: 'summer', width: 1200, height: 800, ext: '.jpg', mime: 'image/jpeg', folderPath: '/', provider: 'local', previewUrl: null });
    expect(file.size).toBe(Math.round((photo.length / 1000) * 100) / 100);
    expect(file.hash).toMatch(/^Beach_Day_[0-9a-f]{10}$/);
    expect(typeof file.id).toBe('number');
    expect(file.related).toBeUndefined();
    expect(Object.keys(file.formats).sort()).toEqual(['large', 'medium', 'small', 'thumbnail']);
    const expected = { thumbnail: [234, 156], large: [1000, 667], medium: [750, 500], small: [500, 333] } as const;
    for (const [name, [w, h]] of Object.entries(expected)) {
      const format = file.formats[name];
      expect(format).toMatchObject({ width: w, height: h, ext: '.jpg', mime: 'image/jpeg', hash: `${name}_${file.hash}` });
      const res = await fetch(new URL(format.url, t.url));
      expect(res.status).toBe(200);
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(format.sizeInBytes).toBe(bytes.length);
      expect(format.size).toBe(Math.round((bytes.length / 1000) * 100) / 100);
      expect(await sharp(bytes).metadata()).toMatchObject({ width: w, height: h, format: 'jpeg' });
    }
    const original = await fetch(new URL(file.url, t.url));
    expect(Buffer.from(await original.arrayBuffer()).equals(photo)).toBe(true);
  });

  it('uploads several files with a fileInfo array; non-images get no formats nor dimensions', async () => {
    const { status, body } = await postForm(`${t.url}/upload`, (form) => {
      form.append('files', new Blob(['hello'], { type: 'text/plain' }), 'a.txt');
      form.append('files', new Blob([photo], { type: 'image/jpeg' }), 'b.jpg');
      form.append('fileInfo', JSON.stringify([{ name: 'renamed.txt', caption: 'text' }, { alternativeText: 'pic' }]));
    });
    expect(status).toBe(201);
    expect(body.map((f: { name: string }) => f.name)).toEqual(['renamed.txt', 'b.jpg']);
    expect(body[0]).toMatchObject({ width: null, height: null, formats: null, caption: 'text', ext: '.txt', mime: 'text/plain', size: 0.01 });
    expect(body[1]).toMatchObject({ alternativeText: 'pic', width: 1200 });
  });

  it('stores files under `path` and refuses traversal with a Strapi error', async () => {
    const { status, body } = await postForm(`${t.url}/api/upload`, (form) => {
      form.append('path', 'avatars/2024');
      form.append('files', new Blob(['x'], { type: 'text/plain' }), 'x.txt');
    });
    expect(status).toBe(201);
    expect(body[0].folderPath).toBe('/avatars/2024');
    const record = (await strapiStoreOf(t.server.handler.context).get(body[0].id))!;
    expect(record.file.storageKey).toBe(`default/avatars/2024/${body[0].hash}.txt`);
    for (const bad of ['../etc', 'a/../../b', 'a\\b', './x']) {
      const refused = await postForm(`${t.url}/api/upload`, (form) => {
        form.append('path', bad);
        form.append('files', new Blob(['x'], { type: 'text/plain' }), 'x.txt');
      });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ data: null, error: { status: 400, name: 'ValidationError', details: { field: 'path' } } });
      expect(refused.body.error.message).toContain('Invalid path');
    }
  });

  it('answers Strapi errors for an empty upload, an unknown id and a bad filter', async () => {
    const empty = await postForm(`${t.url}/api/upload`, (form) => form.append('ref', 'x'));
    expect(empty).toMatchObject({ status: 400, body: { data: null, error: { status: 400, name: 'ValidationError', message: 'Files are empty', details: {} } } });
    const missing = await fetch(`${t.url}/api/upload/files/999999`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ data: null, error: { status: 404, name: 'NotFoundError', message: 'File not found' } });
    const bad = await fetch(`${t.url}/api/upload/files?filters[password][$eq]=x`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toContain('unknown attribute "password"');
    const half = await postForm(`${t.url}/api/upload`, (form) => {
      form.append('files', new Blob(['x'], { type: 'text/plain' }), 'x.txt');
      form.append('ref', 'user');
    });
    expect(half.status).toBe(400);
    expect(half.body.error.message).toContain('missing refId, field');
  });

  it('links files to entries: a single field keeps one file, a multiple field keeps all; links are queryable', async () => {
    const upload = async (ref: string, refId: string, field: string, name: string) =>
      (
        await postForm(`${t.url}/api/upload`, (form) => {
          form.append('files', new Blob([name], { type: 'text/plain' }), name);
          form.append('ref', ref);
          form.append('refId', refId);
          form.append('field', field);
        })
      ).body[0];
    const first = await upload('user', '7', 'avatar', 'old-avatar.txt');
    expect(first.related).toEqual([{ ref: 'user', refId: '7', field: 'avatar' }]);
    const second = await upload('user', '7', 'avatar', 'new-avatar.txt');
    const avatars = await (await fetch(`${t.url}/api/upload/files?filters[related][ref]=user&filters[related][refId]=7&filters[related][field]=avatar`)).json();
    expect(avatars.map((f: { id: number }) => f.id)).toEqual([second.id]);
    expect((await (await fetch(`${t.url}/api/upload/files/${first.id}`)).json()).related).toBeUndefined();

    const p = 'api::product.product';
    const pics = [await upload(p, '1', 'pictures', 'p1.txt'), await upload(p, '1', 'pictures', 'p2.txt'), await upload(p, '2', 'pictures', 'p3.txt')];
    const q = `filters[related][ref][$eq]=${encodeURIComponent(p)}&filters[related][id][$eq]=1&filters[related][field][$eq]=pictures`;
    const linked = await (await fetch(`${t.url}/api/upload/files?${q}&sort=id:asc`)).json();
    expect(linked.map((f: { id: number }) => f.id)).toEqual([pics[0].id, pics[1].id]);

    const deleted = await fetch(`${t.url}/api/upload/files/${pics[0].id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    expect((await deleted.json()).id).toBe(pics[0].id);
    const after = await (await fetch(`${t.url}/api/upload/files?${q}`)).json();
    expect(after.map((f: { id: number }) => f.id)).toEqual([pics[1].id]);
    expect(await strapiStoreOf(t.server.handler.context).linksOf([pics[0].id])).toEqual(new Map());
  });

  it('filters, sorts and paginates like Strapi', async () => {
    const tag = `q${Date.now()}`;
    for (const [i, size] of [300, 100, 200].entries()) {
      await postForm(`${t.url}/upload`, (form) => form.append('files', new Blob(['z'.repeat(size)], { type: 'text/plain' }), `${tag}-${i}.txt`));
    }
    const get = async (q: string) => (await (await fetch(`${t.url}/api/upload/files?${q}`)).json()).map((f: { name: string }) => f.name);
    expect(await get(`filters[name][$startsWith]=${tag}&sort=size:desc`)).toEqual([`${tag}-0.txt`, `${tag}-2.txt`, `${tag}-1.txt`]);
    expect(await get(`filters[name][$containsi]=${tag.toUpperCase()}&filters[size][$lt]=0.25&sort[0]=name:asc`)).toEqual([`${tag}-1.txt`, `${tag}-2.txt`]);
    expect(await get(`filters[$or][0][name][$eq]=${tag}-0.txt&filters[$or][1][name][$eq]=${tag}-1.txt&sort=name:desc`)).toEqual([`${tag}-1.txt`, `${tag}-0.txt`]);
    expect(await get(`filters[name][$startsWith]=${tag}&sort=name:asc&pagination[page]=2&pagination[pageSize]=2`)).toEqual([`${tag}-2.txt`]);
    expect(await get(`filters[name][$startsWith]=${tag}&sort=name:asc&pagination[start]=1&pagination[limit]=1`)).toEqual([`${tag}-1.txt`]);
    expect(await get(`filters[name][$in][0]=${tag}-2.txt&filters[mime]=text/plain`)).toEqual([`${tag}-2.txt`]);
  });

  it('replaces a file with ?id= (old bytes and formats removed after the new ones are stored) and updates fileInfo', async () => {
    const [created] = (
      await postForm(`${t.url}/api/upload`, (form) => {
        form.append('files', new Blob([photo], { type: 'image/jpeg' }), 'first.jpg');
      })
    ).body;
    const before = (await strapiStoreOf(t.server.handler.context).get(created.id))!;
    const oldKeys = [before.file.storageKey, ...(await Promise.all(Object.values(before.formats!).map((f) => keyOf(f.fileId))))];
    const small = await jpeg(400, 300);
    const replaced = await postForm(`${t.url}/api/upload?id=${created.id}`, (form) => {
      form.append('files', new Blob([small], { type: 'image/jpeg' }), 'second.jpg');
      form.append('fileInfo', JSON.stringify({ caption: 'replaced' }));
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ id: created.id, documentId: created.documentId, name: 'second.jpg', caption: 'replaced', width: 400, height: 300 });
    expect(Object.keys(replaced.body.formats)).toEqual(['thumbnail']);
    expect(replaced.body.hash).not.toBe(created.hash);
    for (const key of oldKeys) expect(await exists(key!)).toBe(false);
    const now = Buffer.from(await (await fetch(new URL(replaced.body.url, t.url))).arrayBuffer());
    expect(now.equals(small)).toBe(true);

    const info = await postForm(`${t.url}/api/upload?id=${created.id}`, (form) => form.append('fileInfo', JSON.stringify({ name: 'final.jpg', alternativeText: 'alt' })));
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({ name: 'final.jpg', alternativeText: 'alt', caption: 'replaced', hash: replaced.body.hash });
    const json = await fetch(`${t.url}/upload?id=${created.id}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ fileInfo: { caption: null } }) });
    expect(await json.json()).toMatchObject({ name: 'final.jpg', caption: null });
  });

  it('deletes a file with its formats and bytes', async () => {
    const [created] = (await postForm(`${t.url}/api/upload`, (form) => form.append('files', new Blob([photo], { type: 'image/jpeg' }), 'gone.jpg'))).body;
    const record = (await strapiStoreOf(t.server.handler.context).get(created.id))!;
    const formatIds = Object.values(record.formats!).map((f) => f.fileId);
    const keys = [record.file.storageKey, ...(await Promise.all(formatIds.map(keyOf)))];
    const res = await fetch(`${t.url}/upload/files/${created.id}`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    for (const key of keys) expect(await exists(key!)).toBe(false);
    for (const id of formatIds) expect(await t.server.handler.context.store.getFile(id)).toBeUndefined();
    expect((await fetch(`${t.url}/upload/files/${created.id}`)).status).toBe(404);
    expect((await fetch(`${t.url}/upload/files/${created.id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('deletes its formats too when the file is deleted through the Nhost API', async () => {
    const [created] = (await postForm(`${t.url}/api/upload`, (form) => form.append('files', new Blob([photo], { type: 'image/jpeg' }), 'nhost-gone.jpg'))).body;
    const record = (await strapiStoreOf(t.server.handler.context).get(created.id))!;
    const formatIds = Object.values(record.formats!).map((f) => f.fileId);
    expect(formatIds.length).toBeGreaterThan(0);
    const keys = [record.file.storageKey, ...(await Promise.all(formatIds.map(keyOf)))];
    const res = await fetch(`${t.url}/v1/files/${record.file.id}`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    for (const key of keys) expect(await exists(key!)).toBe(false);
    for (const id of formatIds) expect(await t.server.handler.context.store.getFile(id)).toBeUndefined();
    expect((await fetch(`${t.url}/upload/files/${created.id}`)).status).toBe(404);
  });
});

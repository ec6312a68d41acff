import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toStrapiJson } from '../src/families/strapi/file-object.js';
import { DIALECTS } from './helpers/databases.js';
import { jpeg, postForm, STRAPI_FIELDS, startStrapiServer } from './helpers/strapi-fixtures.js';
import type { TestServer } from './helpers/test-server.js';
import { strapiStoreOf } from '../src/families/strapi/index.js';

// `POST /upload` answers each file from what it has just written instead of reading it back: the answer
// must be exactly what a read of the stored rows gives, links, folders and formats included.
describe.each(DIALECTS)('Strapi POST /upload answers what is stored, on $name', ({ fresh }) => {
  let t: TestServer;
  let photo: Buffer<ArrayBuffer>;
  beforeAll(async () => {
    t = await startStrapiServer(await fresh());
    photo = await jpeg(600, 400);
  });
  afterAll(async () => t?.close());

  /** Each answered file against the store's read and the files API's `GET /upload/files/:id`. */
  const expectAsStored = async (body: { id: number }[]) => {
    const { context } = t.server.handler;
    for (const answered of body) {
      const stored = await strapiStoreOf(context).get(answered.id);
      expect(stored).toBeDefined();
      expect(answered).toEqual(JSON.parse(JSON.stringify(toStrapiJson(context, stored!, ''))));
      expect(answered).toEqual(await (await fetch(`${t.url}/api/upload/files/${answered.id}`)).json());
      for (const field of STRAPI_FIELDS) expect(answered).toHaveProperty(field);
    }
  };

  it('answers renamed files, formats, a folder and links to a multiple field as stored', async () => {
    const { status, body } = await postForm(`${t.url}/api/upload`, (form) => {
      form.append('path', 'gallery/2024');
      form.append('files', new Blob(['hello'], { type: 'text/plain' }), 'a.txt');
      form.append('files', new Blob([photo], { type: 'image/jpeg' }), 'b.jpg');
      form.append('fileInfo', JSON.stringify([{ name: 'renamed.txt', caption: 'text' }, { alternativeText: 'pic', caption: null }]));
      form.append('ref', 'api::product.product');
      form.append('refId', '41');
      form.append('field', 'pictures');
    });
    expect(status).toBe(201);
    expect(body).toHaveLength(2);
    expect(body[0]).toMatchObject({ name: 'renamed.txt', caption: 'text', folderPath: '/gallery/2024', formats: null });
    expect(body[1]).toMatchObject({ name: 'b.jpg', alternativeText: 'pic', width: 600, height: 400 });
    expect(Object.keys(body[1].formats).sort()).toEqual(['small', 'thumbnail']);
    for (const file of body) expect(file.related).toEqual([{ ref: 'api::product.product', refId: '41', field: 'pictures' }]);
    await expectAsStored(body);
  });

  it('links only the last file of a request to a single field, as stored', async () => {
    const { status, body } = await postForm(`${t.url}/upload`, (form) => {
      form.append('files', new Blob(['one'], { type: 'text/plain' }), 'one.txt');
      form.append('files', new Blob(['two'], { type: 'text/plain' }), 'two.txt');
      form.append('ref', 'user');
      form.append('refId', '42');
      form.append('field', 'avatar');
    });
    expect(status).toBe(201);
    expect(body[0].related).toBeUndefined();
    expect(body[1].related).toEqual([{ ref: 'user', refId: '42', field: 'avatar' }]);
    await expectAsStored(body);
  });

  it('answers files moved into a `path` sent after them, and files without links, as stored', async () => {
    const { status, body } = await postForm(`${t.url}/upload`, (form) => {
      form.append('files', new Blob(['late'], { type: 'text/plain' }), 'late.txt');
      form.append('path', 'moved');
      form.append('fileInfo', JSON.stringify({ name: 'late-renamed.txt', alternativeText: 'alt' }));
    });
    expect(status).toBe(201);
    expect(body[0]).toMatchObject({ name: 'late-renamed.txt', alternativeText: 'alt', caption: null, folderPath: '/moved' });
    expect(body[0].related).toBeUndefined();
    expect((await strapiStoreOf(t.server.handler.context).get(body[0].id))?.file.storageKey).toBe(`default/moved/${body[0].hash}.txt`);
    await expectAsStored(body);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from './helpers/auth-client.js';
import { expectNoResidue, residue } from './helpers/auth-leaks.js';
import { AUTH_PROVIDERS, startAuthStack, type AuthStack } from './helpers/auth-stack.js';
import { userToken } from './helpers/auth-tokens.js';

interface StrapiAnswer {
  status: number;
  body: { data: null; error: { status: number; name: string; message: string; details: { code?: string; field?: string } } } & { id?: number }[];
  text: string;
}

/**
 * The matrix's cases that only the Strapi `/upload` API has (`path`, `fileInfo`), and its access rules
 * under JWT auth. Each answer is Strapi's error shape with the code in `details.code`.
 */
describe.each(AUTH_PROVIDERS)('hostile Strapi input against provider-%s', (providerName) => {
  let stack: AuthStack;
  let alice: string;
  let bob: string;
  beforeAll(async () => {
    stack = await startAuthStack(providerName);
    alice = await userToken('alice');
    bob = await userToken('bob');
    expect((await post(alice, (form) => form.append('files', new Blob(['warm'], { type: 'text/plain' }), 'warm.txt'))).status).toBe(201);
  });
  afterAll(async () => {
    await stack?.close();
  });

  async function post(token: string | undefined, fill: (form: FormData) => void, query = ''): Promise<StrapiAnswer> {
    const form = new FormData();
    fill(form);
    const res = await fetch(`${stack.url}/api/upload${query}`, { method: 'POST', body: form, headers: bearer(token) });
    const text = await res.text();
    return { status: res.status, body: JSON.parse(text) as StrapiAnswer['body'], text };
  }

  async function leaves_nothing(attack: () => Promise<void>): Promise<void> {
    const before = await residue(stack);
    await attack();
    await expectNoResidue(stack, before);
  }

  it.each([
    ['../etc', 'INVALID_KEY'],
    ['a/../../b', 'INVALID_KEY'],
    ['..%2f..%2fetc', 'INVALID_KEY'],
    ['/etc/passwd', 'INVALID_KEY'],
    ['a\u0000b', 'INVALID_KEY'],
    ['a\\b', 'INVALID_KEY'],
    ['\uFF0E\uFF0E/x', 'INVALID_KEY'],
    ['x/\u2025', 'INVALID_KEY'],
  ])('traversal in `path` %j: 400 %s, nothing stored', async (path, code) => {
    await leaves_nothing(async () => {
      const res = await post(alice, (form) => {
        form.append('path', path);
        form.append('files', new Blob(['x'], { type: 'text/plain' }), 'x.txt');
      });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ status: 400, name: 'ValidationError', details: { code } });
    });
  });

  it.each([['..'], ['..%2fetc'], ['\uFF0E\uFF0E']])('traversal in a `files` filename %j: 400 INVALID_KEY, nothing stored', async (filename) => {
    await leaves_nothing(async () => {
      const res = await post(alice, (form) => form.append('files', new Blob(['x'], { type: 'text/plain' }), filename));
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ status: 400, details: { code: 'INVALID_KEY' } });
    });
  });

  it.each([
    ['{not json', 'INVALID_INPUT'],
    ['"a string"', 'INVALID_INPUT'],
    ['[1]', 'INVALID_INPUT'],
    [JSON.stringify({ name: '../../etc/passwd' }), 'INVALID_KEY'],
  ])('invalid `fileInfo` %j: 400 %s, nothing stored', async (fileInfo, code) => {
    await leaves_nothing(async () => {
      const res = await post(alice, (form) => {
        form.append('fileInfo', fileInfo);
        form.append('files', new Blob(['x'], { type: 'text/plain' }), 'x.txt');
      });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ status: 400, name: 'ValidationError', details: { code } });
    });
  });

  it('another user’s file: read, replace and delete are 403 ACCESS_DENIED; anonymous 401 UNAUTHENTICATED', async () => {
    const up = await post(alice, (form) => form.append('files', new Blob(['alice strapi secret'], { type: 'text/plain' }), 'alice-strapi.txt'));
    const id = up.body[0]!.id!;
    await leaves_nothing(async () => {
      for (const [token, status, code] of [[bob, 403, 'ACCESS_DENIED'], [undefined, 401, 'UNAUTHENTICATED']] as const) {
        const read = await fetch(`${stack.url}/api/upload/files/${id}`, { headers: bearer(token) });
        const del = await fetch(`${stack.url}/api/upload/files/${id}`, { method: 'DELETE', headers: bearer(token) });
        const replaced = await post(token, (form) => form.append('files', new Blob(['overwritten'], { type: 'text/plain' }), 'x.txt'), `?id=${id}`);
        for (const [what, res] of [['read', { status: read.status, text: await read.text() }], ['delete', { status: del.status, text: await del.text() }], ['replace', replaced]] as const) {
          expect(res.status, what).toBe(status);
          expect(JSON.parse(res.text).error.details.code, what).toBe(code);
          expect(res.text).not.toContain('alice strapi secret');
          expect(res.text).not.toContain('alice-strapi');
        }
      }
    });
    const own = await fetch(`${stack.url}/api/upload/files/${id}`, { headers: bearer(alice) });
    expect(own.status).toBe(200);
  });
});

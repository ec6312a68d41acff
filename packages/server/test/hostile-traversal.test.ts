import { describe, expect, it } from 'vitest';
import { call, codeOf, replace, upload } from './helpers/auth-client.js';
import { hostileContext } from './helpers/auth-hostile.js';
import { chunk, LAST_CHUNK, multipartBody } from './helpers/auth-raw.js';
import { AUTH_PROVIDERS } from './helpers/auth-stack.js';

/**
 * Traversal in names and keys, part of the matrix: each case gets its exact status and code, and leaves
 * no object, record, temporary file, multipart upload or open file behind.
 */
describe.each(AUTH_PROVIDERS)('traversal against provider-%s', (providerName) => {
  const h = hostileContext(providerName);

  describe('traversal in names', () => {
    it.each([
      ['../../etc/passwd'],
      ['..%2f..%2fetc%2fpasswd'],
      ['/etc/passwd'],
      ['evil\u0000.txt'],
      ['..\\..\\windows\\win.ini'],
      ['\u2025\uFF0Fetc\uFF0Fpasswd'],
      ['\uFF0E\uFF0E'],
      ['..'],
    ])('metadata name %j: 400 INVALID_KEY, nothing stored', async (name) => {
      await h.leavesNothing(async () => {
        const res = await upload(h.stack, { token: h.token, metadata: [{ name }], files: [{ data: 'x', name: 'ok.txt' }] });
        expect(res.status).toBe(400);
        expect(codeOf(res)).toBe('INVALID_KEY');
        expect(res.json?.processedFiles).toEqual([]);
      });
    });

    it.each([['..'], ['..%2f..%2fetc'], ['\uFF0E\uFF0E'], ['..\\..']])('multipart filename %j: 400 INVALID_KEY, nothing stored', async (filename) => {
      await h.leavesNothing(async () => {
        const body = multipartBody('hostile', [{ name: 'file[]', filename, data: 'x' }]);
        const res = await h.uploadRaw([chunk(body), LAST_CHUNK]);
        expect(res?.status).toBe(400);
        expect(codeOf(res)).toBe('INVALID_KEY');
      });
    });
  });

  describe('traversal in keys', () => {
    it.each([['../x'], ['..%2fx'], ['/abs'], ['a\u0000b'], ['a\\b'], ['\uFF0E\uFF0E']])('custom id %j: 400 INVALID_INPUT, nothing stored', async (id) => {
      await h.leavesNothing(async () => {
        const res = await upload(h.stack, { token: h.token, metadata: [{ id }], files: [{ data: 'x', name: 'ok.txt' }] });
        expect(res.status).toBe(400);
        expect(codeOf(res)).toBe('INVALID_INPUT');
      });
    });

    it('a dot-dot id in the URL is resolved away by URL parsing: 404 NOT_FOUND (no route)', async () => {
      await h.leavesNothing(async () => {
        for (const method of ['GET', 'DELETE']) {
          const res = await call(h.stack, '/v1/files/%2e%2e', { method, token: h.token });
          expect(res.status, method).toBe(404);
          expect(codeOf(res)).toBe('NOT_FOUND');
        }
      });
    });

    it.each([['..%2f..%2fetc%2fpasswd'], ['..%5c..%5cwin.ini'], ['%00'], ['%EF%BC%8E%EF%BC%8E']])('file id %s in the URL: 400 INVALID_INPUT for GET, PUT and DELETE', async (id) => {
      await h.leavesNothing(async () => {
        for (const method of ['GET', 'DELETE']) {
          const res = await call(h.stack, `/v1/files/${id}`, { method, token: h.token });
          expect(res.status, method).toBe(400);
          expect(codeOf(res)).toBe('INVALID_INPUT');
        }
        const put = await replace(h.stack, id, { token: h.token, data: 'overwrite' });
        expect(put.status).toBe(400);
        expect(codeOf(put)).toBe('INVALID_INPUT');
      });
    });
  });
});

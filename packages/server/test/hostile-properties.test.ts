import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeFileName, safeFolderPath } from '../src/files/safe-name.js';
import { call, codeOf, upload } from './helpers/auth-client.js';
import { expectNoResidue, residue } from './helpers/auth-leaks.js';
import { chunk, LAST_CHUNK, multipartBody, multipartHead, rawRequest } from './helpers/auth-raw.js';
import { AUTH_PROVIDERS, startAuthStack, type AuthStack } from './helpers/auth-stack.js';
import { userToken } from './helpers/auth-tokens.js';
import { strapiStoreOf } from '../src/families/strapi/index.js';

// Characters that matter to paths, percent-decoding, Unicode folding and headers, mixed with plain ones.
const NASTY = ['/', '\\', '.', '..', '%2f', '%2e', '%5c', '%00', '\u0000', '\r', '\n', '"', ';', "'", ' ', 'é', 'e\u0301', '\uFF0F', '\uFF3C', '\uFF0E', '\u2025', '\u2024', '\uD800', 'C:', '\uFF23\uFF1A', '~', 'a', 'b', '1', '.txt'];
const hostileName = fc.array(fc.oneof(fc.constantFrom(...NASTY), fc.string({ unit: 'grapheme', maxLength: 3 })), { minLength: 1, maxLength: 8 }).map((parts) => parts.join(''));

/** Runs per property; S3 calls are slower, so its runs are fewer. */
const RUNS = { local: 60, 'aws-s3': 20 } as const;

describe.each(AUTH_PROVIDERS)('properties against provider-%s', (providerName) => {
  let stack: AuthStack;
  let token: string;
  let auth: Record<string, string>;
  beforeAll(async () => {
    stack = await startAuthStack(providerName);
    token = await userToken('prop-user');
    auth = { authorization: `Bearer ${token}` };
    expect((await upload(stack, { token, files: [{ data: 'warm', name: 'warm.txt' }] })).status).toBe(201);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('any file name: stored exactly as the safe-name rules allow and served with a well-formed header, or 400 INVALID_KEY with nothing stored', async () => {
    await fc.assert(
      fc.asyncProperty(hostileName, async (name) => {
        let expected: string | undefined;
        try {
          expected = safeFileName(name, 'name');
        } catch {
          expected = undefined;
        }
        const before = await residue(stack);
        const res = await upload(stack, { token, metadata: [{ name }], files: [{ data: 'p', name: 'p.txt' }] });
        if (expected === undefined) {
          expect(res.status).toBe(400);
          expect(codeOf(res)).toBe('INVALID_KEY');
          await expectNoResidue(stack, before);
          return;
        }
        expect(res.status).toBe(201);
        const file = res.json!.processedFiles![0] as { id: string; name: string };
        expect(file.name).toBe(expected);
        expect(expected).not.toMatch(/[/\\\u0000-\u001f]/);
        const got = await call(stack, `/v1/files/${file.id}`, { token });
        expect(got.status).toBe(200);
        expect(got.headers.get('content-disposition')).toMatch(/^inline; filename="[\x20-\x7e]*"; filename\*=UTF-8''[A-Za-z0-9!#$&+\-.^_`|~%]*$/);
        expect((await call(stack, `/v1/files/${file.id}`, { method: 'DELETE', token })).status).toBe(204);
      }),
      { numRuns: RUNS[providerName] },
    );
  });

  it('any Strapi `path`: files stored under exactly that folder of the bucket, or 400 INVALID_KEY with nothing stored', async () => {
    const folder = fc.array(hostileName, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('/'));
    await fc.assert(
      fc.asyncProperty(folder, async (path) => {
        let expected: string | undefined;
        try {
          // What arrives: a form field is UTF-8, so a lone surrogate arrives as U+FFFD.
          expected = safeFolderPath(Buffer.from(path).toString().trim(), 'path');
        } catch {
          expected = undefined;
        }
        const before = await residue(stack);
        const form = new FormData();
        form.append('path', path);
        form.append('files', new Blob(['p'], { type: 'text/plain' }), 'p.txt');
        const res = await fetch(`${stack.url}/api/upload`, { method: 'POST', body: form, headers: auth });
        const body = (await res.json()) as { error?: { details?: { code?: string } } } & { id: number }[];
        if (expected === undefined) {
          expect(res.status, path).toBe(400);
          expect(body.error?.details?.code).toBe('INVALID_KEY');
          await expectNoResidue(stack, before);
          return;
        }
        expect(res.status, path).toBe(201);
        const record = await strapiStoreOf(stack.server.handler.context).get(body[0]!.id);
        const key = record!.file.storageKey.normalize('NFC');
        expect(key.startsWith(`default/${expected === '' ? '' : `${expected}/`}`), key).toBe(true);
        expect(key.slice(`default/${expected === '' ? '' : `${expected}/`}`.length)).not.toContain('/');
        expect((await fetch(`${stack.url}/api/upload/files/${body[0]!.id}`, { method: 'DELETE', headers: auth })).status).toBe(200);
      }),
      { numRuns: RUNS[providerName] },
    );
  });

  it('any file id in the URL path: a 4xx, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(hostileName, async (id) => {
        // Raw percent sequences pass as they are; a lone surrogate goes as the bytes of one (invalid UTF-8).
        const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
        const path = `/v1/files/${encodeURIComponent(id.replace(lone, '%ED%A0%80')).replace(/%25/g, '%')}`;
        const res = await rawRequest(stack.url, `GET ${path.replace(/[\s\u0000-\u001f]/g, (c) => encodeURIComponent(c))} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nConnection: close`, [], { timeoutMs: 5000 });
        expect(res).toBeDefined();
        expect(res!.status).toBeGreaterThanOrEqual(400);
        expect(res!.status).toBeLessThan(500);
      }),
      { numRuns: RUNS[providerName] },
    );
  });

  const BOUNDARY = 'prop-boundary';
  const fullBody = (fileBytes: number) =>
    multipartBody(BOUNDARY, [
      { name: 'metadata[]', value: JSON.stringify({ name: 'cut.bin', metadata: { a: 1 } }) },
      { name: 'file[]', filename: 'cut.bin', data: Buffer.alloc(fileBytes, 0x61) },
    ]);

  it('a multipart body cut at any point (the HTTP message complete): a 4xx, never a 5xx or a hang, nothing stored', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 300_000 }), fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), async (fileBytes, at) => {
        const body = fullBody(fileBytes);
        // Strictly before the closing delimiter's final "--": every such prefix is an incomplete form.
        const cut = Math.floor(at * (body.length - `--\r\n`.length));
        const before = await residue(stack);
        const res = await rawRequest(stack.url, multipartHead('/v1/files', BOUNDARY, auth), [chunk(body.subarray(0, cut)), LAST_CHUNK], { timeoutMs: 10_000 });
        expect(res, `cut at ${cut} of ${body.length}`).toBeDefined();
        expect(res!.status, `cut at ${cut} of ${body.length}`).toBeGreaterThanOrEqual(400);
        expect(res!.status, `cut at ${cut} of ${body.length}: ${res!.body}`).toBeLessThan(500);
        await expectNoResidue(stack, before);
      }),
      { numRuns: RUNS[providerName] },
    );
  });

  it('a connection dropped at any point of the body: nothing stored, nothing held, the server still answers', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 300_000 }), fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), async (fileBytes, at) => {
        const body = fullBody(fileBytes);
        const cut = Math.floor(at * (body.length - `--\r\n`.length));
        const before = await residue(stack);
        const target = new URL(stack.url);
        await new Promise<void>((resolve) => {
          const socket = connect(Number(target.port), target.hostname, () => {
            socket.write(`POST /v1/files HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nContent-Type: multipart/form-data; boundary=${BOUNDARY}\r\nContent-Length: ${body.length}\r\n\r\n`);
            socket.write(body.subarray(0, cut), () => setTimeout(() => socket.destroy(), 20));
          });
          socket.on('close', () => resolve());
          socket.on('error', () => resolve());
        });
        await expectNoResidue(stack, before);
      }),
      { numRuns: RUNS[providerName] },
    );
    expect((await fetch(`${stack.url}/healthz`)).status).toBe(200);
  });
});

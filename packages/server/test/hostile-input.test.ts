import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { call, codeOf, replace, upload } from './helpers/auth-client.js';
import { hostileContext } from './helpers/auth-hostile.js';
import { chunk, LAST_CHUNK, multipartBody, multipartHead, partHeader } from './helpers/auth-raw.js';
import { AUTH_PROVIDERS } from './helpers/auth-stack.js';

const MiB = 1024 * 1024;
const PDF = Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');

/**
 * The hostile-input half of the matrix: each case gets its exact status and code, and leaves no object,
 * record, temporary file, multipart upload or open file behind.
 */
describe.each(AUTH_PROVIDERS)('hostile input against provider-%s', (providerName) => {
  const h = hostileContext(providerName);

  it('an oversized body: 413 TOO_LARGE while it streams, long before its end', async () => {
    const total = 24 * MiB;
    await h.leavesNothing(async () => {
      const piece = randomBytes(64 * 1024);
      const res = await h.uploadRaw(
        (function* () {
          yield chunk(partHeader('hostile', 'file[]', 'big.bin'));
          for (let sent = 0; sent < total; sent += piece.length) yield chunk(piece);
          yield chunk('\r\n--hostile--\r\n');
          yield LAST_CHUNK;
        })(),
      );
      expect(res?.status).toBe(413);
      expect(codeOf(res)).toBe('TOO_LARGE');
      expect(res!.sentWhenAnswered).toBeLessThan(total / 2);
    });
  });

  it('a truncated multipart body: 400 INVALID_INPUT', async () => {
    await h.leavesNothing(async () => {
      const body = multipartBody('hostile', [{ name: 'file[]', filename: 'cut.txt', data: 'half of a file that never ends' }]);
      const res = await h.uploadRaw([chunk(body.subarray(0, body.length - 30)), LAST_CHUNK]);
      expect(res?.status).toBe(400);
      expect(codeOf(res)).toBe('INVALID_INPUT');
      expect(res?.json?.error?.message).toMatch(/multipart/i);
    });
  });

  it('a missing boundary: 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    await h.leavesNothing(async () => {
      const body = multipartBody('hostile', [{ name: 'file[]', filename: 'a.txt', data: 'a' }]);
      const res = await h.uploadRaw([chunk(body), LAST_CHUNK], null);
      expect(res?.status).toBe(415);
      expect(codeOf(res)).toBe('UNSUPPORTED_MEDIA_TYPE');
    });
  });

  it('10,000 tiny parts: 400 INVALID_INPUT at the fields limit, without reading them all', async () => {
    await h.leavesNothing(async () => {
      const tiny = Buffer.from(`${partHeader('hostile', 'x')}1\r\n`);
      const res = await h.uploadRaw(
        (function* () {
          for (let i = 0; i < 10_000; i++) yield chunk(tiny);
          yield chunk(multipartBody('hostile', [{ name: 'file[]', filename: 'after.txt', data: 'late' }]));
          yield LAST_CHUNK;
        })(),
      );
      expect(res?.status).toBe(400);
      expect(codeOf(res)).toBe('INVALID_INPUT');
      expect(res?.json?.error?.message).toMatch(/Too many fields/);
    });
  });

  it('a huge field value: 413 TOO_LARGE naming the field', async () => {
    await h.leavesNothing(async () => {
      const body = multipartBody('hostile', [
        { name: 'metadata[]', value: JSON.stringify({ name: 'a.txt', metadata: { pad: 'x'.repeat(2 * MiB) } }) },
        { name: 'file[]', filename: 'a.txt', data: 'a' },
      ]);
      const res = await h.uploadRaw([chunk(body), LAST_CHUNK]);
      expect(res?.status).toBe(413);
      expect(codeOf(res)).toBe('TOO_LARGE');
      expect(res?.json?.error?.message).toMatch(/metadata\[\]/);
    });
  });

  it.each([
    ['more metadata than files', 2, 1],
    ['fewer metadata than files', 1, 2],
  ])('a metadata[] count mismatch (%s): 400 INVALID_INPUT, files already streamed rolled back', async (_what, metas, files) => {
    await h.leavesNothing(async () => {
      const res = await upload(h.stack, {
        token: h.token,
        metadata: Array.from({ length: metas }, (_, i) => ({ name: `m${i}.txt` })),
        files: Array.from({ length: files }, (_, i) => ({ data: `file ${i}`, name: `f${i}.txt` })),
      });
      expect(res.status).toBe(400);
      expect(codeOf(res)).toBe('INVALID_INPUT');
      expect(res.json?.processedFiles).toEqual([]);
    });
  });

  it('invalid JSON in metadata[] (POST) and metadata (PUT): 400 INVALID_INPUT', async () => {
    const kept = await upload(h.stack, { token: h.token, files: [{ data: 'keep me', name: 'keep.txt' }] });
    const id = kept.json!.processedFiles![0]!.id;
    await h.leavesNothing(async () => {
      for (const text of ['{not json', '[1,2]', '"a string"', 'null']) {
        const post = await upload(h.stack, { token: h.token, metadata: [text], files: [{ data: 'x', name: 'x.txt' }] });
        expect(post.status, text).toBe(400);
        expect(codeOf(post)).toBe('INVALID_INPUT');
        const put = await replace(h.stack, id, { token: h.token, metadata: text, data: 'replaced?' });
        expect(put.status, text).toBe(400);
        expect(codeOf(put)).toBe('INVALID_INPUT');
      }
    });
    expect((await call(h.stack, `/v1/files/${id}`, { token: h.token })).text).toBe('keep me');
  });

  it('a client that aborts mid-file: the request is logged as aborted, nothing kept, the server still answers', async () => {
    await h.leavesNothing(async () => {
      const target = new URL(h.stack.url);
      const { connect } = await import('node:net');
      await new Promise<void>((resolve) => {
        const socket = connect(Number(target.port), target.hostname, () => {
          socket.write(`${multipartHead('/v1/files', 'hostile', h.auth)}\r\n\r\n`);
          socket.write(chunk(partHeader('hostile', 'file[]', 'aborted.bin')));
          socket.write(chunk(randomBytes(512 * 1024)));
          setTimeout(() => {
            socket.destroy();
            resolve();
          }, 300);
        });
      });
      for (let i = 0; i < 50 && !h.stack.logs.some((l) => l.msg === 'request' && l.aborted === true && l.path === '/v1/files'); i++) await new Promise((r) => setTimeout(r, 100));
      const line = h.stack.logs.findLast((l) => l.msg === 'request' && l.path === '/v1/files');
      // Nobody is left to read a status: the request is logged as aborted when the socket closes.
      expect(line).toMatchObject({ method: 'POST', aborted: true });
    });
    expect((await fetch(`${h.stack.url}/healthz`)).status).toBe(200);
  });

  it('a spoofed MIME type (a PDF declared image/png, into an image-only bucket): 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    await h.leavesNothing(async () => {
      const res = await upload(h.stack, { token: h.token, bucket: 'images', files: [{ data: PDF, name: 'cat.png', type: 'image/png' }] });
      expect(res.status).toBe(415);
      expect(codeOf(res)).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(res.json?.error?.message).toMatch(/application\/pdf/);
    });
  });

  it('an unknown bucket: 400 INVALID_INPUT', async () => {
    await h.leavesNothing(async () => {
      const res = await upload(h.stack, { token: h.token, bucket: 'no-such-bucket', files: [{ data: 'x', name: 'x.txt' }] });
      expect(res.status).toBe(400);
      expect(codeOf(res)).toBe('INVALID_INPUT');
      expect(res.json?.error?.message).toMatch(/no-such-bucket/);
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentDisposition, encodeRfc5987, fileSecurityHeaders, isInlineSafe } from '../src/files/serve-file.js';
import { call, upload } from './helpers/auth-client.js';
import { startAuthStack, type AuthStack } from './helpers/auth-stack.js';
import { userToken } from './helpers/auth-tokens.js';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000049454e44ae426082', 'hex');

describe('Content-Disposition', () => {
  it.each([
    ['plain.txt', 'text/plain', `inline; filename="plain.txt"; filename*=UTF-8''plain.txt`],
    ['a "quoted"; name=x.txt', 'text/plain', `inline; filename="a _quoted__ name=x.txt"; filename*=UTF-8''a%20%22quoted%22%3B%20name%3Dx.txt`],
    ["it's (1)*.png", 'image/png', `inline; filename="it's (1)*.png"; filename*=UTF-8''it%27s%20%281%29%2A.png`],
    ['résumé.pdf', 'application/pdf', `inline; filename="r_sum_.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf`],
    ['page.html', 'text/html', `attachment; filename="page.html"; filename*=UTF-8''page.html`],
  ])('%j (%s)', (name, type, expected) => {
    expect(contentDisposition(name, type)).toBe(expected);
  });

  it('never lets a name end the header or add one (CR, LF, NUL, lone surrogates)', () => {
    for (const name of ['a\r\nSet-Cookie: x=1', 'a\u0000b', 'x\uD800y', 'a%0d%0ab', '\u2028\u2029']) {
      const header = contentDisposition(name, 'text/plain');
      expect(header).toMatch(/^inline; filename="[\x20-\x7e]*"; filename\*=UTF-8''[A-Za-z0-9!#$&+\-.^_`|~%]*$/);
    }
    expect(encodeRfc5987("'()*")).toBe('%27%28%29%2A');
  });
});

describe('what is served how', () => {
  it.each([
    ['text/html', false, true],
    ['application/xhtml+xml', false, true],
    ['image/svg+xml', false, true],
    ['text/xml', false, true],
    ['application/xml', false, true],
    ['application/javascript', false, true],
    ['text/javascript', false, true],
    ['application/wasm', false, true],
    ['application/x-shockwave-flash', false, true],
    ['text/vtt', false, true],
    ['audio/x-foo+xml', false, true],
    ['image/png', true, false],
    ['video/mp4', true, false],
    ['application/pdf', true, false],
    ['text/plain', true, true],
    ['application/json', true, true],
  ])('%s: inline %s, sandboxed %s', (type, inline, sandboxed) => {
    expect(isInlineSafe(type)).toBe(inline);
    const headers = fileSecurityHeaders(type);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['content-security-policy'] !== undefined).toBe(sandboxed);
  });
});

describe('file responses over HTTP', () => {
  let stack: AuthStack;
  let token: string;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    stack = await startAuthStack('local', { mimeTypeMismatch: 'declared' });
    token = await userToken('server-user');
    const files = {
      html: { data: '<html><script>alert(document.cookie)</script></html>', name: 'x.html', type: 'text/html' },
      svg: { data: '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', name: 'x.svg', type: 'image/svg+xml' },
      xml: { data: '<?xml version="1.0"?><x/>', name: 'x.xml', type: 'application/xml' },
      png: { data: PNG, name: 'pixel.png', type: 'image/png' },
      fake: { data: '<html><script>alert(1)</script></html>', name: 'fake.png', type: 'image/png' },
    };
    for (const [key, file] of Object.entries(files)) {
      const res = await upload(stack, { token, files: [file] });
      expect(res.status).toBe(201);
      ids[key] = res.json!.processedFiles![0]!.id;
    }
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('HTML, SVG and XML are attachments under a sandboxing CSP, with nosniff', async () => {
    for (const key of ['html', 'svg', 'xml']) {
      const res = await call(stack, `/v1/files/${ids[key]}`, { token });
      expect(res.status, key).toBe(200);
      expect(res.headers.get('content-disposition'), key).toMatch(/^attachment; /);
      expect(res.headers.get('content-security-policy'), key).toMatch(/sandbox/);
      expect(res.headers.get('x-content-type-options'), key).toBe('nosniff');
    }
  });

  it('an image is inline with nosniff; HTML posing as image/png is served as image/png with nosniff (never sniffed into a page)', async () => {
    const png = await call(stack, `/v1/files/${ids.png}`, { token });
    expect(png.headers.get('content-disposition')).toMatch(/^inline; /);
    expect(png.headers.get('x-content-type-options')).toBe('nosniff');
    const fake = await call(stack, `/v1/files/${ids.fake}`, { token });
    expect(fake.headers.get('content-type')).toBe('image/png');
    expect(fake.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('nosniff on every file response: HEAD, 206, 304, 412, 416, errors and presigned links', async () => {
    const id = ids.html!;
    const etag = (await call(stack, `/v1/files/${id}`, { method: 'HEAD', token })).headers.get('etag')!;
    const cases: [RequestInit & { token?: string }, number][] = [
      [{ method: 'HEAD', token }, 200],
      [{ token, headers: { range: 'bytes=0-3' } }, 206],
      [{ token, headers: { 'if-none-match': etag } }, 304],
      [{ token, headers: { 'if-match': '"other"' } }, 412],
      [{ token, headers: { range: 'bytes=9999-' } }, 416],
      [{}, 401],
    ];
    for (const [init, status] of cases) {
      const res = await call(stack, `/v1/files/${id}`, init);
      expect(res.status).toBe(status);
      expect(res.headers.get('x-content-type-options'), String(status)).toBe('nosniff');
      expect(res.headers.get('content-security-policy'), String(status)).toMatch(/default-src 'none'/);
    }
    const link = (await call(stack, `/v1/files/${id}/presignedurl`, { token })).json!.url as string;
    const viaLink = await fetch(link);
    expect(viaLink.headers.get('x-content-type-options')).toBe('nosniff');
    expect(viaLink.headers.get('content-disposition')).toMatch(/^attachment; /);
  });
});

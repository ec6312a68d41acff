import { supports } from '../../capabilities.js';
import type { SignedUpload, SignedUploadCapability } from '../../provider.js';
import { expectAbsent, expectEqual, expectStored, fail } from '../assert.js';
import { type Clause, type ClauseContext, defineClause } from '../clause.js';
import { digestBytes, generateBytes } from '../data.js';
import { expectRefused, fetchBytes } from '../http.js';

function signer(ctx: ClauseContext): SignedUploadCapability {
  if (!supports(ctx.provider, 'signedUpload')) fail('needs signedUpload');
  return ctx.provider;
}

/** The request a browser would make for `upload`: PUT with its headers, or POST multipart (fields, then the file). */
export function signedUploadRequest(upload: SignedUpload, bytes: Buffer, contentType: string): RequestInit {
  // A copy over a plain ArrayBuffer: what the DOM typings of fetch and Blob accept.
  const body = new Uint8Array(bytes);
  if (upload.method === 'PUT') return { method: 'PUT', headers: upload.headers, body };
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
  form.append(upload.fileField ?? 'file', new Blob([body], { type: contentType }), 'upload.bin');
  return { method: 'POST', headers: upload.headers, body: form };
}

/** Direct uploads through a signed URL or form, by a plain HTTP client. */
export const signedUploadClauses: Clause[] = [
  defineClause({
    id: 'signedUpload.client',
    title: 'a plain HTTP client uploads through the signed upload, and the object is then readable',
    requires: ['signedUpload'],
    async run(ctx) {
      const key = ctx.key('direct upload.bin');
      const bytes = generateBytes(32 * 1024, key);
      const contentType = 'text/plain';
      const upload = await signer(ctx).signedUpload(key, { maxSize: 1024 * 1024, contentType, expiresIn: 120 });
      if (upload.method !== 'PUT' && upload.method !== 'POST') fail(`method must be PUT or POST, got ${String(upload.method)}`);
      if (!(upload.expiresAt instanceof Date) || upload.expiresAt.getTime() <= Date.now()) fail('expiresAt must be a Date in the future');
      const response = await fetchBytes(upload.url, signedUploadRequest(upload, bytes, contentType));
      if (response.status < 200 || response.status > 299) fail(`the signed upload answered HTTP ${response.status}: ${response.body.toString('utf8').slice(0, 200)}`);
      if (supports(ctx.provider, 'read')) {
        const read = await expectStored(ctx, key, digestBytes(bytes), 'read after the signed upload');
        expectEqual('contentType after the signed upload', read.contentType, contentType);
      } else if (supports(ctx.provider, 'stat')) expectEqual('stat size after the signed upload', (await ctx.provider.stat(key)).size, bytes.length);
      else if (supports(ctx.provider, 'exists') && !(await ctx.provider.exists(key))) fail('exists() is false after the signed upload');
    },
  }),
  defineClause({
    id: 'signedUpload.max-size',
    title: 'when the backend enforces maxSize, a larger body is refused and stores nothing',
    requires: ['signedUpload'],
    async run(ctx) {
      const key = ctx.key('too large.bin');
      const maxSize = 1024;
      const upload = await signer(ctx).signedUpload(key, { maxSize, contentType: 'application/octet-stream' });
      if (!upload.enforcesMaxSize) ctx.skip('the signed upload says enforcesMaxSize: false (the backend cannot enforce it)');
      await expectRefused(`signed upload of ${maxSize * 4} bytes with maxSize ${maxSize}`, upload.url, signedUploadRequest(upload, generateBytes(maxSize * 4, key), 'application/octet-stream'));
      await expectAbsent(ctx, key, 'after the refused signed upload');
    },
  }),
];

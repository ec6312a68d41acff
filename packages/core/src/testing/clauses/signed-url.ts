import { supports } from '../../capabilities.js';
import type { SignedUrlCapability } from '../../provider.js';
import { expectEqual, fail } from '../assert.js';
import { type Clause, type ClauseContext, defineClause } from '../clause.js';
import { generateBytes } from '../data.js';
import { expectRefused, fetchBytes, retargetKey, sleep, tamperSignature } from '../http.js';

function signer(ctx: ClauseContext): SignedUrlCapability {
  if (!supports(ctx.provider, 'signedUrl')) fail('needs signedUrl');
  return ctx.provider;
}

async function uploaded(ctx: ClauseContext, name: string, size = 4096): Promise<{ key: string; bytes: Buffer }> {
  const key = ctx.key(name);
  const bytes = generateBytes(size, key);
  await ctx.provider.upload({ key, body: bytes, contentType: 'application/x-stowage-test' });
  return { key, bytes };
}

/** Signed read URLs work with a plain HTTP client, and stop working when expired or tampered with. */
export const signedUrlClauses: Clause[] = [
  defineClause({
    id: 'signedUrl.fetch',
    title: 'a signed URL fetched with plain fetch returns the bytes and the MIME type',
    requires: ['signedUrl'],
    async run(ctx) {
      const { key, bytes } = await uploaded(ctx, 'fetch me.bin', 64 * 1024);
      const before = Date.now();
      const signed = await signer(ctx).signedUrl(key, { expiresIn: 120 });
      if (!(signed.expiresAt instanceof Date)) fail('expiresAt is not a Date');
      const lifetime = (signed.expiresAt.getTime() - before) / 1000;
      // Rounded to 10 s: the report is committed, and the exact lifetime would change it on every run.
      if (lifetime < 110 || lifetime > 130) fail(`expiresAt is about ${Math.round(lifetime / 10) * 10} s away, expected about 120 s`);
      const response = await fetchBytes(signed.url);
      expectEqual('HTTP status', response.status, 200);
      if (!response.body.equals(bytes)) fail(`the signed URL served ${response.body.length} bytes that differ from the ${bytes.length} uploaded`);
      expectEqual('Content-Type header', response.headers.get('content-type'), 'application/x-stowage-test');
    },
  }),
  defineClause({
    id: 'signedUrl.disposition',
    title: 'a contentDisposition override shows in the response header',
    requires: ['signedUrl'],
    async run(ctx) {
      const { key } = await uploaded(ctx, 'disposition.bin');
      const contentDisposition = 'attachment; filename="report-2024.bin"';
      const signed = await signer(ctx).signedUrl(key, { contentDisposition });
      const response = await fetchBytes(signed.url);
      expectEqual('HTTP status', response.status, 200);
      expectEqual('Content-Disposition header', response.headers.get('content-disposition'), contentDisposition);
    },
  }),
  defineClause({
    id: 'signedUrl.expired',
    title: 'a signed URL is refused (4xx) once expired',
    requires: ['signedUrl'],
    timeout: 20_000,
    async run(ctx) {
      const { key } = await uploaded(ctx, 'expiring.bin');
      const signed = await signer(ctx).signedUrl(key, { expiresIn: 1 });
      await sleep(Math.max(0, signed.expiresAt.getTime() - Date.now()) + 1500);
      await expectRefused('fetch after expiresAt', signed.url);
    },
  }),
  defineClause({
    id: 'signedUrl.tamper',
    title: 'a signed URL with a changed signature, or pointed at another key, is refused (4xx)',
    requires: ['signedUrl'],
    async run(ctx) {
      const { key } = await uploaded(ctx, 'original.bin');
      // The other key exists too: a server that ignores signatures would serve it with 200, not 404.
      await uploaded(ctx, 'originam.bin');
      const signed = await signer(ctx).signedUrl(key);
      expectEqual('HTTP status of the untouched URL', (await fetchBytes(signed.url)).status, 200);
      await expectRefused('fetch with a changed signature', tamperSignature(signed.url));
      const retargeted = retargetKey(signed.url, 'original.bin', 'originam.bin');
      if (retargeted !== undefined) await expectRefused('fetch with the key in the URL changed', retargeted);
    },
  }),
];

import { supports } from '../../capabilities.js';
import { expectCode, expectEqual, expectSame, fail } from '../assert.js';
import { type Clause, defineClause } from '../clause.js';
import { generateBytes } from '../data.js';

/** What an upload stores besides the bytes comes back through `stat` (and `read`). */
export const metadataClauses: Clause[] = [
  defineClause({
    id: 'metadata.roundtrip',
    title: 'MIME type, Cache-Control, Content-Disposition and user metadata (non-ASCII values too) round-trip through stat',
    requires: ['stat'],
    async run(ctx) {
      const { provider } = ctx;
      if (!supports(provider, 'stat')) return;
      const key = ctx.key('described.webp');
      const bytes = generateBytes(3000, key);
      const input = {
        contentType: 'image/webp',
        cacheControl: 'public, max-age=60',
        contentDisposition: 'attachment; filename="holiday.webp"',
        metadata: { author: 'ada', 'x-count': '3', note: 'café ☕ — "quoted", 100% + more' },
      };
      const before = Date.now();
      await provider.upload({ key, body: bytes, ...input });
      const stat = await provider.stat(key);
      expectEqual('stat key', stat.key, key);
      expectEqual('stat size', stat.size, bytes.length);
      expectEqual('stat contentType', stat.contentType, input.contentType);
      expectEqual('stat cacheControl', stat.cacheControl, input.cacheControl);
      expectEqual('stat contentDisposition', stat.contentDisposition, input.contentDisposition);
      expectSame('stat metadata', stat.metadata, input.metadata);
      if (!(stat.lastModified instanceof Date) || Number.isNaN(stat.lastModified.getTime())) fail('stat lastModified is not a valid Date');
      // Backends keep seconds; allow for that and for a little clock skew.
      if (Math.abs(stat.lastModified.getTime() - before) > 5 * 60_000) fail(`stat lastModified ${stat.lastModified.toISOString()} is far from now`);
      if (supports(provider, 'read')) {
        const read = await provider.read(key);
        read.body.destroy();
        expectEqual('read contentType', read.contentType, input.contentType);
      }
    },
  }),
  defineClause({
    id: 'stat.not-found',
    title: 'stat of a key never written fails with NOT_FOUND',
    requires: ['stat'],
    async run(ctx) {
      const { provider } = ctx;
      if (!supports(provider, 'stat')) return;
      await expectCode('stat of a missing key', 'NOT_FOUND', () => provider.stat(ctx.key('never-written.bin')));
    },
  }),
];

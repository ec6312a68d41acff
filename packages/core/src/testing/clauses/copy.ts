import { supports } from '../../capabilities.js';
import type { CopyCapability } from '../../provider.js';
import { expectCode, expectEqual, expectSame, expectStored, fail } from '../assert.js';
import { type Clause, type ClauseContext, defineClause } from '../clause.js';
import { digestBytes, generateBytes } from '../data.js';

function copier(ctx: ClauseContext): CopyCapability {
  if (!supports(ctx.provider, 'copy')) fail('needs copy');
  return ctx.provider;
}

/** Server-side copies. */
export const copyClauses: Clause[] = [
  defineClause({
    id: 'copy.roundtrip',
    title: 'copy keeps bytes, MIME type and metadata, overwrites the target, and leaves the source intact',
    requires: ['copy', 'read'],
    async run(ctx) {
      const { provider } = ctx;
      const from = ctx.key('source.bin');
      const to = ctx.key('target.bin');
      const bytes = generateBytes(50_000, from);
      const metadata = { origin: 'copy-source', note: 'ünïcode' };
      await provider.upload({ key: from, body: bytes, contentType: 'application/pdf', metadata });
      await provider.upload({ key: to, body: Buffer.from('an older target'), contentType: 'text/plain', metadata: { stale: 'yes' } });
      await copier(ctx).copy(from, to);
      const read = await expectStored(ctx, to, digestBytes(bytes), 'read of the copy');
      expectEqual('contentType of the copy', read.contentType, 'application/pdf');
      await expectStored(ctx, from, digestBytes(bytes), 'read of the source after the copy');
      if (supports(provider, 'stat')) expectSame('metadata of the copy', (await provider.stat(to)).metadata, metadata);
    },
  }),
  defineClause({
    id: 'copy.not-found',
    title: 'copying a missing source fails with NOT_FOUND',
    requires: ['copy'],
    async run(ctx) {
      await expectCode('copy of a missing source', 'NOT_FOUND', () => copier(ctx).copy(ctx.key('never-written.bin'), ctx.key('target.bin')));
    },
  }),
];

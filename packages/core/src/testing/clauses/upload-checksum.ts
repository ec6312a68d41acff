import { expectAbsent, expectCode, expectEqual, expectStored } from '../assert.js';
import { type Clause, defineClause } from '../clause.js';
import { digestBytes, digestOf, generateBytes, generateStream } from '../data.js';

const SIZE = 100 * 1024 + 5;

/** An expected SHA-256 is checked: a match stores, a mismatch stores nothing and harms nothing. */
export const uploadChecksumClauses: Clause[] = [
  defineClause({
    id: 'upload.checksum.match',
    title: 'an upload with the right expected SHA-256 succeeds and round-trips',
    requires: ['read'],
    async run(ctx) {
      const key = ctx.key('match.bin');
      const expected = digestOf(SIZE, key);
      const result = await ctx.provider.upload({ key, body: generateStream(SIZE, key).stream, sha256: expected.sha256 });
      expectEqual('upload result sha256', result.sha256, expected.sha256);
      await expectStored(ctx, key, expected);
    },
  }),
  defineClause({
    id: 'upload.checksum.mismatch',
    title: 'a wrong expected SHA-256 fails with CHECKSUM_MISMATCH, stores nothing, and keeps an existing object intact',
    requires: [],
    async run(ctx) {
      const wrong = digestOf(SIZE, 'some other bytes').sha256;
      const key = ctx.key('mismatch.bin');
      await expectCode('upload with a wrong sha256', 'CHECKSUM_MISMATCH', () => ctx.provider.upload({ key, body: generateStream(SIZE, key).stream, sha256: wrong }));
      await expectAbsent(ctx, key, 'after CHECKSUM_MISMATCH');

      const existing = ctx.key('existing.bin');
      const old = generateBytes(2048, existing);
      await ctx.provider.upload({ key: existing, body: old });
      await expectCode('overwrite with a wrong sha256', 'CHECKSUM_MISMATCH', () =>
        ctx.provider.upload({ key: existing, body: generateStream(SIZE, `${existing}#2`).stream, sha256: wrong }),
      );
      if (ctx.provider.capabilities.has('read')) await expectStored(ctx, existing, digestBytes(old), 'the object a mismatched upload would have replaced');
    },
  }),
];

import { supports } from '../../capabilities.js';
import { expectAbsent, expectCode, expectEqual, expectStored, fail } from '../assert.js';
import { type Clause, defineClause } from '../clause.js';
import { digestBytes, generateBytes, generateStream } from '../data.js';

// Several chunks of any reader's size, and not a multiple of any of them.
const SIZE = 300 * 1024 + 7;

/** `onChunk` sees every byte as it passes (servers count and free buffers with it), and can stop the upload. */
export const uploadOnChunkClauses: Clause[] = [
  defineClause({
    id: 'upload.on-chunk',
    title: 'onChunk is called as the body passes, its lengths summing to the body size; an exception it throws fails the upload and stores nothing',
    requires: [],
    async run(ctx) {
      const streamKey = ctx.key('stream.bin');
      const lengths: number[] = [];
      const { stream, digest } = generateStream(SIZE, streamKey);
      const result = await ctx.provider.upload({ key: streamKey, body: stream, onChunk: (n) => lengths.push(n) });
      if (lengths.length === 0) fail(`onChunk was never called for a ${SIZE}-byte stream`);
      if (lengths.some((n) => !Number.isSafeInteger(n) || n < 0)) fail(`onChunk was called with lengths that are not byte counts: ${lengths.slice(0, 5).join(', ')}…`);
      expectEqual('sum of the lengths onChunk was told (stream)', lengths.reduce((a, b) => a + b, 0), SIZE);
      expectEqual('upload result size', result.size, SIZE);
      if (supports(ctx.provider, 'read')) await expectStored(ctx, streamKey, await digest);

      const bufferKey = ctx.key('buffer.bin');
      const bytes = generateBytes(4096, bufferKey);
      let total = 0;
      await ctx.provider.upload({ key: bufferKey, body: bytes, onChunk: (n) => (total += n) });
      expectEqual('sum of the lengths onChunk was told (Buffer)', total, bytes.length);
      if (supports(ctx.provider, 'read')) await expectStored(ctx, bufferKey, digestBytes(bytes));

      const stoppedKey = ctx.key('stopped.bin');
      const onChunk = () => {
        throw new Error('stopped by the caller');
      };
      await expectCode('upload whose onChunk throws', 'ABORTED', () => ctx.provider.upload({ key: stoppedKey, body: generateStream(SIZE, stoppedKey).stream, onChunk }));
      await expectAbsent(ctx, stoppedKey, 'after onChunk threw');
    },
  }),
];

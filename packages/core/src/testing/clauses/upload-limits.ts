import { expectAbsent, expectCode, expectEqual, expectStored } from '../assert.js';
import { type Clause, defineClause } from '../clause.js';
import { generateBytes, generateStream } from '../data.js';

const LIMIT = 64 * 1024;

/** A declared `size` and a `maxSize` are enforced, and a refused body leaves nothing behind. */
export const uploadLimitClauses: Clause[] = [
  defineClause({
    id: 'upload.size-mismatch',
    title: 'a body longer or shorter than its declared size fails with INVALID_INPUT and stores nothing',
    requires: [],
    async run(ctx) {
      const cases = [
        { name: 'stream-shorter.bin', actual: 1000, declared: 1200, buffer: false },
        { name: 'stream-longer.bin', actual: 1000, declared: 800, buffer: false },
        { name: 'buffer-longer.bin', actual: 1000, declared: 999, buffer: true },
      ];
      for (const c of cases) {
        const key = ctx.key(c.name);
        const body = c.buffer ? generateBytes(c.actual, key) : generateStream(c.actual, key).stream;
        await expectCode(`upload of ${c.actual} bytes declared as ${c.declared}`, 'INVALID_INPUT', () => ctx.provider.upload({ key, body, size: c.declared }));
        await expectAbsent(ctx, key, `after the size mismatch (${c.name})`);
      }
    },
  }),
  defineClause({
    id: 'upload.max-size',
    title: 'a body over maxSize fails with TOO_LARGE and stores nothing; one of exactly maxSize is accepted',
    requires: [],
    async run(ctx) {
      const streamKey = ctx.key('over-stream.bin');
      await expectCode(`upload of ${LIMIT + 1} bytes of unknown length with maxSize ${LIMIT}`, 'TOO_LARGE', () =>
        ctx.provider.upload({ key: streamKey, body: generateStream(LIMIT + 1, streamKey).stream, maxSize: LIMIT }),
      );
      await expectAbsent(ctx, streamKey, 'after TOO_LARGE (stream)');

      const bufferKey = ctx.key('over-buffer.bin');
      await expectCode(`upload of a ${LIMIT * 2}-byte Buffer with maxSize ${LIMIT}`, 'TOO_LARGE', () =>
        ctx.provider.upload({ key: bufferKey, body: generateBytes(LIMIT * 2, bufferKey), maxSize: LIMIT }),
      );
      await expectAbsent(ctx, bufferKey, 'after TOO_LARGE (Buffer)');

      const exactKey = ctx.key('exact.bin');
      const { stream, digest } = generateStream(LIMIT, exactKey);
      const result = await ctx.provider.upload({ key: exactKey, body: stream, maxSize: LIMIT });
      expectEqual('size of a body of exactly maxSize', result.size, LIMIT);
      if (ctx.provider.capabilities.has('read')) await expectStored(ctx, exactKey, await digest);
    },
  }),
];

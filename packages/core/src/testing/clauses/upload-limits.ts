import { isStowageError } from '../../errors.js';
import type { UploadInput } from '../../provider.js';
import { describeError, expectAbsent, expectCode, expectEqual, expectStored, fail } from '../assert.js';
import { type Clause, type ClauseContext, defineClause } from '../clause.js';
import { generateBytes, generateStream } from '../data.js';

const LIMIT = 64 * 1024;

/**
 * Uploads a body shorter than `minSize` and checks it fails with INVALID_INPUT whose `details.minimum` is
 * the bound (what lets a server answer with it without reading the message), storing nothing.
 */
async function expectTooShort(ctx: ClauseContext, what: string, input: UploadInput & { minSize: number }): Promise<void> {
  let error: unknown;
  try {
    await ctx.provider.upload(input);
  } catch (caught) {
    error = caught ?? new Error('rejected without a reason');
  }
  if (error === undefined) fail(`${what}: expected a StowageError INVALID_INPUT, but it resolved`);
  if (!isStowageError(error, 'INVALID_INPUT')) fail(`${what}: expected a StowageError INVALID_INPUT, got ${describeError(error)}`);
  expectEqual(`${what}: details.minimum of the INVALID_INPUT`, error.details?.minimum, input.minSize);
  await expectAbsent(ctx, input.key, `after ${what}`);
}

/** A declared `size`, a `maxSize` and a `minSize` are enforced, and a refused body leaves nothing behind. */
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
  defineClause({
    id: 'upload.min-size',
    title: 'a body shorter than minSize fails with INVALID_INPUT (details.minimum set) and stores nothing; one of exactly minSize is accepted',
    requires: [],
    async run(ctx) {
      const streamKey = ctx.key('short-stream.bin');
      await expectTooShort(ctx, `upload of ${LIMIT - 1} bytes of unknown length with minSize ${LIMIT}`, {
        key: streamKey,
        body: generateStream(LIMIT - 1, streamKey).stream,
        minSize: LIMIT,
      });
      const emptyKey = ctx.key('empty.bin');
      await expectTooShort(ctx, 'upload of an empty Buffer with minSize 1', { key: emptyKey, body: Buffer.alloc(0), minSize: 1 });

      const exactKey = ctx.key('exact.bin');
      const { stream, digest } = generateStream(LIMIT, exactKey);
      const result = await ctx.provider.upload({ key: exactKey, body: stream, minSize: LIMIT, maxSize: LIMIT });
      expectEqual('size of a body of exactly minSize', result.size, LIMIT);
      if (ctx.provider.capabilities.has('read')) await expectStored(ctx, exactKey, await digest);
    },
  }),
];

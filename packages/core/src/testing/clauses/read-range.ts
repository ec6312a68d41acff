import { supports } from '../../capabilities.js';
import type { ByteRange, ReadCapability } from '../../provider.js';
import { expectCode, expectEqual, expectSame, fail } from '../assert.js';
import { type Clause, type ClauseContext, defineClause } from '../clause.js';
import { generateBytes, readBytes } from '../data.js';

const SIZE = 1000;

async function uploadFixture(ctx: ClauseContext): Promise<{ key: string; bytes: Buffer; provider: ReadCapability }> {
  const { provider } = ctx;
  if (!supports(provider, 'read')) fail('needs read');
  const key = ctx.key('range.bin');
  const bytes = generateBytes(SIZE, key);
  await provider.upload({ key, body: bytes });
  return { key, bytes, provider };
}

/** Reads `range` and checks the bytes and every length field against `bytes[start..end]`. */
async function expectRange(provider: ReadCapability, key: string, bytes: Buffer, range: ByteRange, start: number, end: number): Promise<void> {
  const what = `read with range ${JSON.stringify(range)}`;
  const result = await provider.read(key, { range });
  const got = await readBytes(result.body);
  expectSame(`${what}: range`, result.range, { start, end });
  expectEqual(`${what}: contentLength`, result.contentLength, end - start + 1);
  expectEqual(`${what}: totalSize`, result.totalSize, bytes.length);
  expectEqual(`${what}: bytes read`, got.length, end - start + 1);
  if (!got.equals(bytes.subarray(start, end + 1))) fail(`${what}: the bytes differ from bytes ${start}-${end} of the object`);
}

/** Reads: a missing key, and byte ranges with HTTP's semantics. */
export const readRangeClauses: Clause[] = [
  defineClause({
    id: 'read.not-found',
    title: 'read of a key never written fails with NOT_FOUND',
    requires: ['read'],
    async run(ctx) {
      const { provider } = ctx;
      if (!supports(provider, 'read')) return;
      await expectCode('read of a missing key', 'NOT_FOUND', () => provider.read(ctx.key('never-written.bin')));
    },
  }),
  defineClause({
    id: 'read.range.start',
    title: 'a range {start} reads from start to the end',
    requires: ['read'],
    async run(ctx) {
      const { key, bytes, provider } = await uploadFixture(ctx);
      await expectRange(provider, key, bytes, { start: 100 }, 100, SIZE - 1);
      await expectRange(provider, key, bytes, { start: 0 }, 0, SIZE - 1);
      await expectRange(provider, key, bytes, { start: SIZE - 1 }, SIZE - 1, SIZE - 1);
    },
  }),
  defineClause({
    id: 'read.range.end',
    title: 'a range {start, end} is inclusive, and an end past the size is clamped',
    requires: ['read'],
    async run(ctx) {
      const { key, bytes, provider } = await uploadFixture(ctx);
      await expectRange(provider, key, bytes, { start: 10, end: 19 }, 10, 19);
      await expectRange(provider, key, bytes, { start: 5, end: 5 }, 5, 5);
      await expectRange(provider, key, bytes, { start: 990, end: 5000 }, 990, SIZE - 1);
    },
  }),
  defineClause({
    id: 'read.range.suffix',
    title: 'a range {suffix} reads the last bytes, the whole object when it is shorter',
    requires: ['read'],
    async run(ctx) {
      const { key, bytes, provider } = await uploadFixture(ctx);
      await expectRange(provider, key, bytes, { suffix: 100 }, SIZE - 100, SIZE - 1);
      await expectRange(provider, key, bytes, { suffix: 5000 }, 0, SIZE - 1);
    },
  }),
  defineClause({
    id: 'read.range.out-of-range',
    title: 'a range starting at or past the size, or an empty suffix, fails with INVALID_RANGE',
    requires: ['read'],
    async run(ctx) {
      const { key, provider } = await uploadFixture(ctx);
      for (const range of [{ start: SIZE }, { start: SIZE + 500, end: SIZE + 600 }, { suffix: 0 }] as ByteRange[]) {
        await expectCode(`read with range ${JSON.stringify(range)}`, 'INVALID_RANGE', () => provider.read(key, { range }));
      }
    },
  }),
];

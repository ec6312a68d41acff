import { createHash } from 'node:crypto';
import { supports } from '../../capabilities.js';
import type { ResumableCapability, ResumableHandle } from '../../provider.js';
import { expectAbsent, expectCode, expectEqual, expectSame, expectStored, fail, within } from '../assert.js';
import { type Clause, type ClauseContext, defineClause } from '../clause.js';
import { type Digest, digestBytes, failingStream, generateBytes, generateStream } from '../data.js';

const KIB = 1024;
const MIB = 1024 * KIB;

// Pieces that cross every cloud backend's smallest part (S3 5 MiB, Azure 4 MiB, GCS 8 MiB) and end on an
// odd size, so a provider that keeps a tail between appends is checked too.
const PIECES = [3 * MIB, 6 * MIB, 100 * KIB + 7];

function resumable(ctx: ClauseContext): ResumableCapability {
  if (!supports(ctx.provider, 'resumable')) fail('this clause needs the resumable capability');
  return ctx.provider;
}

/** A handle as it comes back from a database: the kit only ever hands providers JSON round trips. */
const stored = (handle: ResumableHandle): ResumableHandle => JSON.parse(JSON.stringify(handle)) as ResumableHandle;

/** The digest of `parts` one after the other. */
function digestOf(parts: Uint8Array[]): Digest {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return { size: parts.reduce((n, p) => n + p.byteLength, 0), sha256: hash.digest('hex') };
}

async function append(ctx: ClauseContext, handle: ResumableHandle, bytes: Uint8Array, what: string): Promise<ResumableHandle> {
  const next = stored(await within(40_000, what, resumable(ctx).appendResumable(stored(handle), bytes)));
  expectEqual(`${what}: the handle's offset`, next.offset, handle.offset + bytes.byteLength);
  expectEqual(`${what}: the handle's key`, next.key, handle.key);
  return next;
}

/** Completes `handle` and checks what was stored is exactly `parts`, with its SHA-256 reported. */
async function completeAs(ctx: ClauseContext, handle: ResumableHandle, parts: Uint8Array[], what: string): Promise<void> {
  const expected = digestOf(parts);
  const result = await within(60_000, `completeResumable (${what})`, resumable(ctx).completeResumable(stored(handle)));
  expectEqual(`completeResumable (${what}): size`, result.size, expected.size);
  expectEqual(`completeResumable (${what}): sha256 (of every byte appended)`, result.sha256, expected.sha256);
  expectEqual(`completeResumable (${what}): key`, result.key, handle.key);
  if (supports(ctx.provider, 'read')) await expectStored(ctx, handle.key, expected, `read after completeResumable (${what})`);
}

/** The resumable capability: pieces kept between requests, committed all or nothing. */
export const resumableClauses: Clause[] = [
  defineClause({
    id: 'resumable.roundtrip',
    title: 'pieces appended through JSON round-tripped handles (3 MiB, 6 MiB, 100 KiB) complete into exactly those bytes, with their SHA-256, MIME type and metadata; nothing is readable before',
    requires: ['resumable'],
    timeout: 120_000,
    async run(ctx) {
      const key = ctx.key('roundtrip.bin');
      let handle = stored(await resumable(ctx).createResumable(key, { contentType: 'application/x-stowage-test', metadata: { origin: 'kit' } }));
      expectEqual('createResumable: offset', handle.offset, 0);
      const parts = PIECES.map((size, i) => generateBytes(size, `${key}#${i}`));
      for (const [i, part] of parts.entries()) {
        handle = await append(ctx, handle, part, `append ${i + 1} of ${parts.length}`);
        if (i === 0) await expectAbsent(ctx, key, 'after the first append, before completeResumable');
      }
      await completeAs(ctx, handle, parts, 'three pieces');
      if (supports(ctx.provider, 'stat')) {
        const stat = await ctx.provider.stat(key);
        expectEqual('stat after completeResumable: contentType', stat.contentType, 'application/x-stowage-test');
        expectSame('stat after completeResumable: metadata', stat.metadata, { origin: 'kit' });
      }
    },
  }),
  defineClause({
    id: 'resumable.rewind',
    title: 'an earlier handle stays valid: appending at it drops what later appends wrote (a successor handle that was never saved)',
    requires: ['resumable'],
    timeout: 120_000,
    async run(ctx) {
      const key = ctx.key('rewind.bin');
      const [a, b, c] = [generateBytes(2 * MIB, `${key}#a`), generateBytes(6 * MIB + 3, `${key}#b`), generateBytes(MIB + 1, `${key}#c`)];
      const first = await append(ctx, await resumable(ctx).createResumable(key), a, 'append A');
      await append(ctx, first, b, 'append B (its handle is then lost)');
      const again = await append(ctx, first, c, 'append C at the handle after A');
      await completeAs(ctx, again, [a, c], 'A then C, B dropped');
    },
  }),
  defineClause({
    id: 'resumable.failed-append',
    title: 'an append whose body errors or whose signal aborts midway rejects with ABORTED and keeps nothing of it; its handle still resumes',
    requires: ['resumable'],
    timeout: 120_000,
    async run(ctx) {
      const key = ctx.key('failed.bin');
      const a = generateBytes(MIB, `${key}#a`);
      const first = await append(ctx, await resumable(ctx).createResumable(key), a, 'append A');
      await within(30_000, 'an append whose source fails after 6 MiB', expectCode('an append whose source fails after 6 MiB', 'ABORTED', () => resumable(ctx).appendResumable(stored(first), failingStream(6 * MIB + 1234, `${key}#x`))));
      const controller = new AbortController();
      const { stream } = generateStream(32 * MIB, `${key}#y`, { onProgress: (n) => n >= 6 * MIB && controller.abort(new Error('aborted by the contract kit')) });
      await within(30_000, 'an append aborted after 6 MiB', expectCode('an append aborted after 6 MiB', 'ABORTED', () => resumable(ctx).appendResumable(stored(first), stream, { signal: controller.signal })));
      const c = generateBytes(300 * KIB, `${key}#c`);
      const last = await append(ctx, first, c, 'append C at the handle both failed appends had');
      await completeAs(ctx, last, [a, c], 'A then C');
    },
  }),
  defineClause({
    id: 'resumable.max-size',
    title: 'an append past maxSize (a total) rejects with TOO_LARGE and keeps nothing of it; the handle still resumes',
    requires: ['resumable'],
    timeout: 60_000,
    async run(ctx) {
      const key = ctx.key('max-size.bin');
      const maxSize = 3 * MIB;
      const a = generateBytes(2 * MIB, `${key}#a`);
      const first = stored(await resumable(ctx).appendResumable(await resumable(ctx).createResumable(key), a, { maxSize }));
      await expectCode('an append of 2 MiB more with maxSize 3 MiB', 'TOO_LARGE', () => resumable(ctx).appendResumable(stored(first), generateStream(2 * MIB, `${key}#b`).stream, { maxSize }));
      const c = generateBytes(MIB, `${key}#c`);
      const last = stored(await resumable(ctx).appendResumable(stored(first), c, { maxSize }));
      expectEqual('append of exactly what maxSize leaves: offset', last.offset, maxSize);
      await completeAs(ctx, last, [a, c], 'A then C, up to maxSize');
    },
  }),
  defineClause({
    id: 'resumable.empty',
    title: 'an upload completed without any append stores an empty object with the SHA-256 of nothing',
    requires: ['resumable'],
    async run(ctx) {
      const key = ctx.key('empty.bin');
      await completeAs(ctx, await resumable(ctx).createResumable(key), [], 'no append');
    },
  }),
  defineClause({
    id: 'resumable.abort',
    title: 'an aborted upload leaves the object already at its key whole; appends and completion after it fail with NOT_FOUND; a second abort resolves',
    requires: ['resumable'],
    timeout: 60_000,
    async run(ctx) {
      const key = ctx.key('abort.bin');
      const old = generateBytes(4096, `${key}#old`);
      await ctx.provider.upload({ key, body: old });
      const handle = await append(ctx, await resumable(ctx).createResumable(key), generateBytes(6 * MIB, `${key}#new`), 'append 6 MiB over an existing object');
      if (supports(ctx.provider, 'read')) await expectStored(ctx, key, digestBytes(old), 'the existing object while a resumable upload to its key is in progress');
      await resumable(ctx).abortResumable(stored(handle));
      if (supports(ctx.provider, 'read')) await expectStored(ctx, key, digestBytes(old), 'the existing object after the upload to its key was aborted');
      await expectCode('appendResumable after abortResumable', 'NOT_FOUND', () => resumable(ctx).appendResumable(stored(handle), generateBytes(10, key)));
      await expectCode('completeResumable after abortResumable', 'NOT_FOUND', () => resumable(ctx).completeResumable(stored(handle)));
      await resumable(ctx).abortResumable(stored(handle));
      if (supports(ctx.provider, 'read')) await expectStored(ctx, key, digestBytes(old), 'the existing object after a second abort');
    },
  }),
  defineClause({
    id: 'resumable.handle-rule',
    title: 'a handle with a bad offset or state, or a key that breaks the key rules, is refused (INVALID_INPUT, INVALID_KEY) before anything is stored',
    requires: ['resumable'],
    async run(ctx) {
      const key = ctx.key('handle.bin');
      const good = stored(await resumable(ctx).createResumable(key));
      const bytes = generateBytes(10, key);
      await expectCode('appendResumable with offset -1', 'INVALID_INPUT', () => resumable(ctx).appendResumable({ ...good, offset: -1 }, bytes));
      await expectCode('appendResumable with state null', 'INVALID_INPUT', () => resumable(ctx).appendResumable({ ...good, state: null as never }, bytes));
      await expectCode('completeResumable of a handle whose state is {}', 'INVALID_INPUT', () => resumable(ctx).completeResumable({ ...good, state: {} }));
      await expectCode('appendResumable with key "../x"', 'INVALID_KEY', () => resumable(ctx).appendResumable({ ...good, key: '../x' }, bytes));
      await expectCode('createResumable with key "a//b"', 'INVALID_KEY', () => resumable(ctx).createResumable('a//b'));
      await resumable(ctx).abortResumable(good);
      await expectAbsent(ctx, key, 'after refused handles and an abort');
    },
  }),
];

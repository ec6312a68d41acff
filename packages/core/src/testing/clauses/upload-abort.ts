import type { Readable } from 'node:stream';
import { expectAbsent, expectCode, expectStored, within } from '../assert.js';
import { type Clause, type ClauseContext, defineClause } from '../clause.js';
import { digestBytes, failingStream, generateBytes, generateStream } from '../data.js';

const MIB = 1024 * 1024;

/** A body that asks for an abort once 1 MiB has been handed out, and would go on to 16 MiB otherwise. */
function abortingBody(seed: string): { body: Readable; signal: AbortSignal } {
  const controller = new AbortController();
  const { stream } = generateStream(16 * MIB, seed, {
    onProgress: (bytes) => {
      if (bytes >= MIB && !controller.signal.aborted) controller.abort(new Error('aborted by the contract kit'));
    },
  });
  return { body: stream, signal: controller.signal };
}

/**
 * An upload failing midway (`make` builds it) rejects with ABORTED and leaves nothing at a new key; on an
 * existing key, the old object stays whole ("nothing already stored is lost").
 */
async function checkAbort(ctx: ClauseContext, what: string, make: (key: string) => { body: Readable; signal?: AbortSignal }): Promise<void> {
  const fresh = ctx.key('fresh.bin');
  const first = make(fresh);
  await within(20_000, what, expectCode(what, 'ABORTED', () => ctx.provider.upload({ key: fresh, ...first })));
  await expectAbsent(ctx, fresh, `after ${what} on a new key`);

  const existing = ctx.key('existing.bin');
  const old = generateBytes(4096, existing);
  await ctx.provider.upload({ key: existing, body: old });
  const second = make(`${existing}#2`);
  await within(20_000, `${what} over an existing object`, expectCode(`${what} over an existing object`, 'ABORTED', () => ctx.provider.upload({ key: existing, ...second })));
  if (ctx.provider.capabilities.has('read')) await expectStored(ctx, existing, digestBytes(old), 'the object the aborted upload would have replaced');
}

/** Aborted and failed uploads store nothing and harm nothing already stored. */
export const uploadAbortClauses: Clause[] = [
  defineClause({
    id: 'upload.abort.signal',
    title: 'an upload aborted through its AbortSignal midway rejects with ABORTED, stores nothing, keeps the old object',
    requires: [],
    timeout: 60_000,
    run: (ctx) => checkAbort(ctx, 'upload aborted after 1 MiB', abortingBody),
  }),
  defineClause({
    id: 'upload.abort.source-error',
    title: 'an upload whose source stream errors midway rejects with ABORTED, stores nothing, keeps the old object',
    requires: [],
    timeout: 60_000,
    run: (ctx) => checkAbort(ctx, 'upload whose source fails after 1 MiB', (seed) => ({ body: failingStream(MIB + 1234, seed) })),
  }),
];

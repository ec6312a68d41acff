import { supports } from '../../capabilities.js';
import { isStowageError } from '../../errors.js';
import { MAX_METADATA_BYTES, MAX_METADATA_NAME_LENGTH } from '../../toolkit/metadata-rule.js';
import { describeError, fail } from '../assert.js';
import { type Clause, type ClauseContext, defineClause } from '../clause.js';

/** Names core's metadata rule allows: every provider must store them and return them unchanged. */
export const ALLOWED_METADATA_NAMES = ['a', 'a-b', 'a1', '1st', '-a', 'a-', 'a--b', 'x'.repeat(MAX_METADATA_NAME_LENGTH)];

/** Names core's metadata rule refuses: every provider must refuse them with INVALID_INPUT. */
export const REFUSED_METADATA_NAMES = ['A', 'Ab', 'a_b', 'a.b', 'a b', 'a/b', 'é', '', 'x'.repeat(MAX_METADATA_NAME_LENGTH + 1), 'stowage-x'];

// `bytes` of names and values in 16 entries of about 128 bytes: within the per-value limits some backends
// add (OpenStack Swift: 256 bytes), so that only the total is tested.
function metadataOfBytes(bytes: number): Record<string, string> {
  const value = MAX_METADATA_BYTES / 16 - 3;
  const metadata: Record<string, string> = {};
  for (let i = 0; i < 16; i++) metadata[`m${String(i).padStart(2, '0')}`] = 'v'.repeat(value);
  metadata.m00 = 'v'.repeat(value + bytes - MAX_METADATA_BYTES);
  return metadata;
}

/** Uploads `metadata`; `undefined` when it is accepted, else the error. */
async function attempt(ctx: ClauseContext, name: string, metadata: Record<string, string>): Promise<unknown> {
  try {
    await ctx.provider.upload({ key: ctx.key(name), body: Buffer.from('metadata rule'), metadata });
    return undefined;
  } catch (error) {
    return error ?? new Error('rejected without a reason');
  }
}

/** Problems with metadata the rule allows: refused, or not returned by `stat` exactly. */
async function checkAllowed(ctx: ClauseContext, name: string, metadata: Record<string, string>, what: (names: string[]) => string): Promise<string[]> {
  const error = await attempt(ctx, name, metadata);
  if (error !== undefined) return [`refused ${what(Object.keys(metadata))}, which the rule allows: ${describeError(error)}`];
  if (!supports(ctx.provider, 'stat')) return [];
  const stored = (await ctx.provider.stat(ctx.key(name))).metadata;
  const wrong = Object.keys(metadata).filter((n) => stored[n] !== metadata[n]);
  return wrong.length === 0 ? [] : [`accepted ${what(wrong)} but stat did not return ${wrong.length === 1 ? 'it' : 'them'} unchanged`];
}

const names = (list: string[]) => `metadata name${list.length === 1 ? '' : 's'} ${list.map((n) => JSON.stringify(n.length > 20 ? `${n.slice(0, 8)}…(${n.length} characters)` : n)).join(', ')}`;

/** User metadata follows core's one rule (`checkMetadata`) on every provider. */
export const uploadMetadataRuleClauses: Clause[] = [
  defineClause({
    id: 'upload.input.metadata-rule',
    title: `metadata names are accepted exactly when core's rule allows them ([a-z0-9-], at most ${MAX_METADATA_NAME_LENGTH} characters, not stowage-*), up to ${MAX_METADATA_BYTES} bytes in all`,
    requires: [],
    async run(ctx) {
      const problems: string[] = [];
      const allowed = Object.fromEntries(ALLOWED_METADATA_NAMES.map((n, i) => [n, `value ${i}`]));
      const together = await checkAllowed(ctx, 'allowed.bin', allowed, names);
      // Refused together: find which ones, one upload each.
      if (together.length > 0 && together[0]?.startsWith('refused')) {
        for (const [i, n] of ALLOWED_METADATA_NAMES.entries()) problems.push(...(await checkAllowed(ctx, `allowed-${i}.bin`, { [n]: 'v' }, names)));
      } else {
        problems.push(...together);
      }
      const accepted: string[] = [];
      for (const [i, n] of REFUSED_METADATA_NAMES.entries()) {
        const error = await attempt(ctx, `refused-${i}.bin`, { [n]: 'v' });
        if (error === undefined) accepted.push(n);
        else if (!isStowageError(error, 'INVALID_INPUT')) problems.push(`refused ${names([n])} with ${describeError(error)} instead of INVALID_INPUT`);
      }
      if (accepted.length > 0) problems.push(`accepted ${names(accepted)}, which the rule refuses`);
      problems.push(...(await checkAllowed(ctx, 'full.bin', metadataOfBytes(MAX_METADATA_BYTES), () => `${MAX_METADATA_BYTES} bytes of metadata`)));
      const over = await attempt(ctx, 'over.bin', metadataOfBytes(MAX_METADATA_BYTES + 1));
      if (!isStowageError(over, 'INVALID_INPUT')) {
        problems.push(`${over === undefined ? 'accepted' : `refused with ${describeError(over)} instead of INVALID_INPUT`} ${MAX_METADATA_BYTES + 1} bytes of metadata, which the rule refuses`);
      }
      if (problems.length > 0) fail(problems.join('; '));
    },
  }),
];

import { expectAbsent } from '../assert.js';
import { type Clause, defineClause } from '../clause.js';

/** Deleting is idempotent and really removes the object. */
export const deleteClauses: Clause[] = [
  defineClause({
    id: 'delete.idempotent',
    title: 'deleting twice, and deleting a key never written, resolve',
    requires: [],
    async run(ctx) {
      const key = ctx.key('object.txt');
      await ctx.provider.upload({ key, body: Buffer.from('to be deleted') });
      await ctx.provider.delete(key);
      await ctx.provider.delete(key);
      await ctx.provider.delete(ctx.key('never-written.txt'));
    },
  }),
  defineClause({
    id: 'delete.read-after',
    title: 'after a delete, read and stat fail with NOT_FOUND and exists is false',
    requires: [],
    async run(ctx) {
      const { provider } = ctx;
      const key = ctx.key('object.txt');
      await provider.upload({ key, body: Buffer.from('to be deleted') });
      await provider.delete(key);
      await expectAbsent(ctx, key, 'after delete');
    },
  }),
];

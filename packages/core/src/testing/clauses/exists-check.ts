import { supports } from '../../capabilities.js';
import { expectEqual, fail } from '../assert.js';
import { type Clause, defineClause } from '../clause.js';

/** The cheap checks: exists, and the start-up check. */
export const existsCheckClauses: Clause[] = [
  defineClause({
    id: 'exists.roundtrip',
    title: 'exists is false before an upload, true after, false after a delete',
    requires: ['exists'],
    async run(ctx) {
      const { provider } = ctx;
      if (!supports(provider, 'exists')) fail('needs exists');
      const key = ctx.key('object.txt');
      expectEqual('exists before upload', await provider.exists(key), false);
      await provider.upload({ key, body: Buffer.from('here') });
      expectEqual('exists after upload', await provider.exists(key), true);
      await provider.delete(key);
      expectEqual('exists after delete', await provider.exists(key), false);
    },
  }),
  defineClause({
    id: 'check.ok',
    title: 'check resolves with working credentials',
    requires: ['check'],
    async run(ctx) {
      if (!supports(ctx.provider, 'check')) fail('needs check');
      await ctx.provider.check();
    },
  }),
];

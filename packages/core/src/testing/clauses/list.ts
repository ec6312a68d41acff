import { supports } from '../../capabilities.js';
import type { ListCapability, ObjectSummary } from '../../provider.js';
import { expectEqual, expectSame, fail } from '../assert.js';
import { type Clause, type ClauseContext, defineClause } from '../clause.js';

function lister(ctx: ClauseContext): ListCapability {
  if (!supports(ctx.provider, 'list')) fail('needs list');
  return ctx.provider;
}

async function collect(items: AsyncIterable<ObjectSummary>): Promise<ObjectSummary[]> {
  const all: ObjectSummary[] = [];
  for await (const item of items) all.push(item);
  return all;
}

/** Byte-wise (UTF-8) ascending order, the order backends list in. */
function ascending(keys: string[]): string[] {
  return [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

/** Listings: a prefix is a plain string prefix; pages chain through cursors in ascending key order. */
export const listClauses: Clause[] = [
  defineClause({
    id: 'list.prefix',
    title: 'list returns exactly the keys starting with the prefix (a plain string prefix, not a folder), with sizes',
    requires: ['list'],
    async run(ctx) {
      const names = ['p/a/1.txt', 'p/a/2.txt', 'p/a/deep/3.txt', 'p/ab/1.txt', 'p/b/1.txt', 'pa.txt'];
      const keys = names.map((name) => ctx.key(name));
      await Promise.all(keys.map((key, i) => ctx.provider.upload({ key, body: Buffer.alloc(i + 1, 120) })));
      const base = `${ctx.prefix}list.prefix/`;
      const expectations: [string, string[]][] = [
        [`${base}p/a/`, ['p/a/1.txt', 'p/a/2.txt', 'p/a/deep/3.txt']],
        // A plain string prefix: `p/a` also selects `p/ab/...`, never `p/b/...`.
        [`${base}p/a`, ['p/a/1.txt', 'p/a/2.txt', 'p/a/deep/3.txt', 'p/ab/1.txt']],
        [`${base}p`, ['p/a/1.txt', 'p/a/2.txt', 'p/a/deep/3.txt', 'p/ab/1.txt', 'p/b/1.txt', 'pa.txt']],
        [`${base}p/c`, []],
      ];
      for (const [prefix, expected] of expectations) {
        const listed = await collect(lister(ctx).list({ prefix }));
        expectSame(`keys listed under ${JSON.stringify(prefix)}`, listed.map((item) => item.key), ascending(expected.map((n) => `${base}${n}`)));
        for (const item of listed) expectEqual(`size of ${item.key}`, item.size, names.indexOf(item.key.slice(base.length)) + 1);
      }
    },
  }),
  defineClause({
    id: 'list.pagination',
    title: 'listPage with a small pageSize chains through cursors, and list() yields every key, in ascending order',
    requires: ['list'],
    async run(ctx) {
      const names = ['e', 'a', 'g', 'c', 'b', 'f', 'd'].map((n) => `item-${n}.txt`);
      const keys = names.map((name) => ctx.key(name));
      await Promise.all(keys.map((key) => ctx.provider.upload({ key, body: Buffer.from(key) })));
      const prefix = `${ctx.prefix}list.pagination/`;
      const expected = ascending(keys);
      const paged: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await lister(ctx).listPage({ prefix, pageSize: 3, ...(cursor === undefined ? {} : { cursor }) });
        pages++;
        if (page.items.length > 3) fail(`page ${pages} holds ${page.items.length} items, more than pageSize 3`);
        paged.push(...page.items.map((item) => item.key));
        cursor = page.cursor;
        if (pages > 20) fail('listPage never stopped returning a cursor');
      } while (cursor !== undefined);
      expectSame('keys through listPage cursors', paged, expected);
      if (pages < 3) fail(`7 keys with pageSize 3 came in ${pages} page(s); expected at least 3`);
      const all = await collect(lister(ctx).list({ prefix, pageSize: 3 }));
      expectSame('keys through list()', all.map((item) => item.key), expected);
    },
  }),
];

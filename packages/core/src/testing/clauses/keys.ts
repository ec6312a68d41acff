import { supports } from '../../capabilities.js';
import { isStowageError } from '../../errors.js';
import { describeError, expectEqual, expectSame, expectStored, fail } from '../assert.js';
import { type Clause, type ClauseContext, defineClause } from '../clause.js';
import { digestBytes, watchedBody } from '../data.js';

/** Names that are legal keys and must be kept exactly: never percent-decoded, never folded. */
export const SPECIAL_KEY_NAMES = [
  'with space.txt',
  'plus+sign.txt',
  '100%.txt',
  'percent%20literal.txt',
  'hash#fragment.txt',
  'question?mark.txt',
  'a&b=c.txt',
  'naïve café.txt',
  '日本語/ファイル.txt',
  'emoji 😀.txt',
];

/** Keys the key rules refuse; providers must refuse them with INVALID_KEY before touching the body. */
export const TRAVERSAL_KEYS = ['../x', 'a/../../x', '/abs', 'a\\b', 'a\u0000b', 'a//b', '．．/x', '‥/x', './x', 'C:/x', 'Ｃ：/x', 'x/'];

async function listedKeys(ctx: ClauseContext, prefix: string): Promise<string[]> {
  const { provider } = ctx;
  if (!supports(provider, 'list')) return [];
  const keys: string[] = [];
  for await (const item of provider.list({ prefix })) keys.push(item.key);
  return keys;
}

/** Expects `action` to fail with INVALID_KEY; a resolved upload's key is tracked for cleanup. */
async function expectInvalidKey(ctx: ClauseContext, what: string, key: string, action: () => Promise<unknown>): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (isStowageError(error, 'INVALID_KEY')) return;
    fail(`${what} of ${JSON.stringify(key)}: expected INVALID_KEY, got ${describeError(error)}`);
  }
  ctx.track(key);
  fail(`${what} of ${JSON.stringify(key)}: expected INVALID_KEY, but it was accepted`);
}

/** Legal keys round-trip as written; illegal ones are refused everywhere. */
export const keyClauses: Clause[] = [
  defineClause({
    id: 'keys.special',
    title: 'keys with unicode, spaces, + % # ? & = round-trip and list back as uploaded',
    requires: ['read'],
    async run(ctx) {
      const keys = SPECIAL_KEY_NAMES.map((name) => ctx.key(name));
      for (const key of keys) {
        const bytes = Buffer.from(`contents of ${key}`);
        const result = await ctx.provider.upload({ key, body: bytes });
        expectEqual('upload result key', result.key, key);
        await expectStored(ctx, key, digestBytes(bytes));
      }
      if (supports(ctx.provider, 'list')) {
        const listed = await listedKeys(ctx, `${ctx.prefix}keys.special/`);
        expectSame('keys listed', [...listed].sort(), [...keys].sort());
      }
    },
  }),
  defineClause({
    id: 'keys.nfc',
    title: 'a key given in NFD is the same key as its NFC form',
    requires: ['read'],
    async run(ctx) {
      const nfc = ctx.key('Café-ñ.txt'.normalize('NFC'));
      const nfd = nfc.normalize('NFD');
      const bytes = Buffer.from('decomposed');
      const result = await ctx.provider.upload({ key: nfd, body: bytes });
      expectEqual('upload result key (NFC)', result.key, nfc);
      await expectStored(ctx, nfc, digestBytes(bytes), 'read with the NFC key');
      await expectStored(ctx, nfd, digestBytes(bytes), 'read with the NFD key');
      if (supports(ctx.provider, 'list')) expectSame('keys listed', await listedKeys(ctx, `${ctx.prefix}keys.nfc/`), [nfc]);
    },
  }),
  defineClause({
    id: 'keys.traversal',
    title: 'traversal, absolute, backslash, NUL, empty-segment and look-alike keys fail with INVALID_KEY before the body is read, in every call',
    requires: [],
    async run(ctx) {
      const { provider } = ctx;
      const good = ctx.key('good.txt');
      if (supports(provider, 'copy')) await provider.upload({ key: good, body: Buffer.from('good') });
      for (const key of TRAVERSAL_KEYS) {
        const body = watchedBody();
        await expectInvalidKey(ctx, 'upload', key, () => provider.upload({ key, body: body.stream }));
        if (body.wasRead) fail(`upload of ${JSON.stringify(key)} read the body before refusing the key`);
        await expectInvalidKey(ctx, 'delete', key, () => provider.delete(key));
        if (supports(provider, 'read')) await expectInvalidKey(ctx, 'read', key, () => provider.read(key));
        if (supports(provider, 'stat')) await expectInvalidKey(ctx, 'stat', key, () => provider.stat(key));
        if (supports(provider, 'exists')) await expectInvalidKey(ctx, 'exists', key, () => provider.exists(key));
        if (supports(provider, 'signedUrl')) await expectInvalidKey(ctx, 'signedUrl', key, () => provider.signedUrl(key));
        if (supports(provider, 'signedUpload')) await expectInvalidKey(ctx, 'signedUpload', key, () => provider.signedUpload(key, { maxSize: 1024 }));
        if (supports(provider, 'copy')) {
          await expectInvalidKey(ctx, 'copy from', key, () => provider.copy(key, ctx.key('copy-target.txt')));
          await expectInvalidKey(ctx, 'copy to', key, () => provider.copy(good, key));
        }
      }
    },
  }),
];

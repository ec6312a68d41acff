import { supports } from '../../capabilities.js';
import { expectEqual, expectSame, expectStored } from '../assert.js';
import { type Clause, defineClause } from '../clause.js';
import { type Digest, digestBytes, generateBytes, generateStream } from '../data.js';

const KIB = 1024;

/** Writes to an existing key replace it; writes to distinct keys at once do not interfere. */
export const uploadOverwriteClauses: Clause[] = [
  defineClause({
    id: 'upload.overwrite',
    title: 'uploading to an existing key replaces its bytes, MIME type and metadata',
    requires: ['read'],
    async run(ctx) {
      const { provider } = ctx;
      const key = ctx.key('object.bin');
      await provider.upload({ key, body: generateBytes(40 * KIB, `${key}#1`), contentType: 'text/plain', cacheControl: 'no-store', metadata: { version: 'one', first: 'yes' } });
      const second = generateBytes(10 * KIB, `${key}#2`);
      await provider.upload({ key, body: second, contentType: 'application/json', metadata: { version: 'two' } });
      const read = await expectStored(ctx, key, digestBytes(second));
      expectEqual('contentType after overwrite (read)', read.contentType, 'application/json');
      if (supports(provider, 'stat')) {
        const stat = await provider.stat(key);
        expectEqual('stat size after overwrite', stat.size, second.length);
        expectEqual('stat contentType after overwrite', stat.contentType, 'application/json');
        expectSame('stat metadata after overwrite', stat.metadata, { version: 'two' });
        expectEqual('stat cacheControl after overwrite', stat.cacheControl, undefined);
      }
    },
  }),
  defineClause({
    id: 'upload.concurrent',
    title: '20 concurrent uploads to distinct keys all round-trip',
    requires: ['read'],
    timeout: 60_000,
    async run(ctx) {
      const keys = Array.from({ length: 20 }, (_, i) => ctx.key(`object-${String(i).padStart(2, '0')}.bin`));
      const digests: Digest[] = await Promise.all(
        keys.map(async (key, i) => {
          const { stream, digest } = generateStream(256 * KIB + i, key, { chunkSize: 16 * KIB });
          const result = await ctx.provider.upload({ key, body: stream });
          expectEqual(`size of ${key}`, result.size, 256 * KIB + i);
          return digest;
        }),
      );
      await Promise.all(keys.map((key, i) => expectStored(ctx, key, digests[i] as Digest)));
    },
  }),
];

import { expectEqual, expectStored } from '../assert.js';
import { type Clause, defineClause } from '../clause.js';
import { digestBytes, generateBytes, generateStream, generateWebStream, digestOf } from '../data.js';

const KIB = 1024;

/** Every body form of `UploadBody` is accepted. */
export const uploadInputClauses: Clause[] = [
  defineClause({
    id: 'upload.input.buffer',
    title: 'a Buffer, and a Uint8Array view at an offset into a larger buffer, upload as their own bytes',
    requires: ['read'],
    async run(ctx) {
      const key = ctx.key('buffer.bin');
      const bytes = generateBytes(64 * KIB, key);
      await ctx.provider.upload({ key, body: bytes, size: bytes.length });
      await expectStored(ctx, key, digestBytes(bytes));

      // A view whose byteOffset is not 0: a provider that uploads `view.buffer` stores the wrong bytes.
      const viewKey = ctx.key('view.bin');
      const backing = generateBytes(8 * KIB, viewKey);
      const view = new Uint8Array(backing.buffer, backing.byteOffset + 100, 4 * KIB);
      const result = await ctx.provider.upload({ key: viewKey, body: view });
      expectEqual('size of a Uint8Array view', result.size, view.byteLength);
      await expectStored(ctx, viewKey, digestBytes(view));
    },
  }),
  defineClause({
    id: 'upload.input.node-stream',
    title: 'a Node Readable uploads, with and without a declared size',
    requires: ['read'],
    async run(ctx) {
      const size = 300 * KIB + 3;
      for (const sized of [true, false]) {
        const key = ctx.key(sized ? 'sized.bin' : 'unsized.bin');
        const { stream, digest } = generateStream(size, key, { chunkSize: 16 * KIB });
        const result = await ctx.provider.upload({ key, body: stream, ...(sized ? { size } : {}) });
        expectEqual(`size (${sized ? 'declared' : 'unknown'})`, result.size, size);
        await expectStored(ctx, key, await digest);
      }
    },
  }),
  defineClause({
    id: 'upload.input.web-stream',
    title: 'a web ReadableStream uploads',
    requires: ['read'],
    async run(ctx) {
      const key = ctx.key('web.bin');
      const size = 200 * KIB + 1;
      const result = await ctx.provider.upload({ key, body: generateWebStream(size, key, 16 * KIB) });
      expectEqual('size', result.size, size);
      await expectStored(ctx, key, digestOf(size, key));
    },
  }),
];

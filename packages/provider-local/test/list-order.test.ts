import { createFsFromVolume, Volume } from 'memfs';
import { describe, expect, it } from 'vitest';
import { createLocalProvider } from '../src/index.js';
import { tempRoot } from './helpers.js';

// Folders and files interleave: "a-c" sorts before "a/b" ('-' < '/'), "a0" after; U+FFFD sorts before an
// emoji in UTF-8 bytes although it sorts after its surrogates in UTF-16.
const KEYS = ['a/b', 'a-c', 'a0', 'a/b0/c', 'a/b-/c', '\uFFFD', '😀', 'z', 'Z', 'a/b.', 'x/y/z/w'];
const byBytes = (keys: string[]) => [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));

async function collect(provider: Awaited<ReturnType<typeof createLocalProvider>>, prefix?: string, pageSize?: number): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await provider.listPage({ ...(prefix === undefined ? {} : { prefix }), ...(pageSize === undefined ? {} : { pageSize }), ...(cursor === undefined ? {} : { cursor }) });
    keys.push(...page.items.map((item) => item.key));
    cursor = page.cursor;
  } while (cursor !== undefined);
  return keys;
}

describe.each([
  ['memfs', async () => ({ root: '/data', fs: createFsFromVolume(new Volume()), remove: async () => {} })],
  ['disk', async () => await tempRoot()],
])('list order on %s', (_name, setup) => {
  it('is ascending by UTF-8 bytes through every page size, with prefixes', async () => {
    const { remove, ...options } = await setup();
    const provider = await createLocalProvider(options);
    try {
      for (const key of KEYS) await provider.upload({ key, body: Buffer.from(key) });
      for (const pageSize of [1, 2, 3, 1000]) expect(await collect(provider, undefined, pageSize)).toEqual(byBytes(KEYS));
      expect(await collect(provider, 'a/b', 2)).toEqual(byBytes(KEYS.filter((k) => k.startsWith('a/b'))));
      expect(await collect(provider, 'a', 1)).toEqual(byBytes(KEYS.filter((k) => k.startsWith('a'))));
      expect(await collect(provider, 'x/y/')).toEqual(['x/y/z/w']);
      const page = await provider.listPage({ pageSize: 100 });
      expect(page.cursor).toBeUndefined();
      expect(page.items.find((item) => item.key === 'z')).toMatchObject({ size: 1, etag: expect.stringMatching(/^[0-9a-f]{64}$/) });
    } finally {
      await remove();
    }
  });
});

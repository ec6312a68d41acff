import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalProvider, type LocalProvider } from '../src/index.js';
import { expectCode, filesUnder, sha256, streamOf, tempRoot } from './helpers.js';

let root: string;
let remove: () => Promise<void>;
let provider: LocalProvider;

const OLD = Buffer.from('the old object, which must survive');

beforeEach(async () => {
  ({ root, remove } = await tempRoot());
  provider = await createLocalProvider({ root });
  await provider.upload({ key: 'dir/existing.bin', body: OLD, contentType: 'text/old', metadata: { v: 'old' } });
});
afterEach(async () => {
  await provider.close();
  await remove();
});

const MIB = 1024 * 1024;

/** Each failure mode, as an upload to `key` that must reject with `code`. */
const failures: [string, 'ABORTED' | 'TOO_LARGE' | 'INVALID_INPUT' | 'CHECKSUM_MISMATCH', (key: string) => Parameters<LocalProvider['upload']>[0]][] = [
  [
    'signal aborted midway',
    'ABORTED',
    (key) => {
      const controller = new AbortController();
      const body = streamOf(8 * MIB);
      let seen = 0;
      body.on('data', (chunk: Buffer) => {
        seen += chunk.length;
        if (seen >= MIB) controller.abort();
      });
      return { key, body, signal: controller.signal };
    },
  ],
  ['source stream error', 'ABORTED', (key) => ({ key, body: streamOf(MIB + 17, { failWith: new Error('disk on fire') }) })],
  ['over maxSize', 'TOO_LARGE', (key) => ({ key, body: streamOf(2 * MIB), maxSize: MIB })],
  ['longer than size', 'INVALID_INPUT', (key) => ({ key, body: streamOf(MIB + 1), size: MIB })],
  ['shorter than size', 'INVALID_INPUT', (key) => ({ key, body: streamOf(MIB - 1), size: MIB })],
  ['checksum mismatch', 'CHECKSUM_MISMATCH', (key) => ({ key, body: streamOf(MIB), sha256: '0'.repeat(64) })],
];

describe('failed uploads leave nothing behind', () => {
  for (const [what, code, make] of failures) {
    it(`${what}: ${code}, no temp file, nothing at a new key, the old object and sidecar intact`, async () => {
      const before = await filesUnder(root);
      await expectCode(code, () => provider.upload(make('dir/new.bin')));
      await expectCode(code, () => provider.upload(make('dir/existing.bin')));
      expect(await filesUnder(root)).toEqual(before);
      expect(await readFile(join(root, 'dir/existing.bin'))).toEqual(OLD);
      const sidecar = JSON.parse(await readFile(join(root, '.stowage/meta/dir/existing.bin'), 'utf8'));
      expect(sidecar).toMatchObject({ contentType: 'text/old', metadata: { v: 'old' }, sha256: sha256(OLD) });
      expect(await provider.exists('dir/new.bin')).toBe(false);
    });
  }

  it('a signal aborted before the call stores nothing and reads nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    await expectCode('ABORTED', () => provider.upload({ key: 'dir/existing.bin', body: Buffer.from('new'), signal: controller.signal }));
    expect(await readFile(join(root, 'dir/existing.bin'))).toEqual(OLD);
  });

  it('a declared size over maxSize fails with TOO_LARGE before any I/O', async () => {
    await expectCode('TOO_LARGE', () => provider.upload({ key: 'x.bin', body: Buffer.alloc(10), size: 10, maxSize: 5 }));
    expect(await filesUnder(root)).toEqual(['.stowage/meta/dir/existing.bin', 'dir/existing.bin']);
  });

  it('refuses bad metadata names and header-breaking values with INVALID_INPUT', async () => {
    await expectCode('INVALID_INPUT', () => provider.upload({ key: 'x', body: Buffer.from('x'), metadata: { 'Bad Name': 'v' } }));
    await expectCode('INVALID_INPUT', () => provider.upload({ key: 'x', body: Buffer.from('x'), contentType: 'text/plain\r\nX-Evil: 1' }));
    expect(await provider.exists('x')).toBe(false);
  });
});

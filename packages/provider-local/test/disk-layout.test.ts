import { readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalProvider, type LocalProvider } from '../src/index.js';
import { expectCode, filesUnder, readAll, sha256, streamOf, tempRoot } from './helpers.js';

let root: string;
let remove: () => Promise<void>;
let provider: LocalProvider;

beforeEach(async () => {
  ({ root, remove } = await tempRoot());
  provider = await createLocalProvider({ root, baseUrl: 'https://cdn.example.com/files/' });
});
afterEach(async () => {
  await provider.close();
  await remove();
});

describe('on-disk layout', () => {
  it('stores the bytes at <root>/<key> and the sidecar at <root>/.stowage/meta/<key>', async () => {
    const body = Buffer.from('hello, disk');
    const result = await provider.upload({
      key: 'docs/2024/report one.txt',
      body,
      contentType: 'text/plain; charset=utf-8',
      cacheControl: 'max-age=60',
      contentDisposition: 'inline',
      metadata: { owner: 'ada', note: 'naïve' },
    });
    expect(result).toEqual({
      key: 'docs/2024/report one.txt',
      size: body.length,
      contentType: 'text/plain; charset=utf-8',
      etag: sha256(body),
      sha256: sha256(body),
      url: 'https://cdn.example.com/files/docs/2024/report%20one.txt',
    });
    expect(await readFile(join(root, 'docs', '2024', 'report one.txt'))).toEqual(body);
    const sidecar = JSON.parse(await readFile(join(root, '.stowage', 'meta', 'docs', '2024', 'report one.txt'), 'utf8'));
    expect(sidecar).toEqual({
      v: 1,
      contentType: 'text/plain; charset=utf-8',
      cacheControl: 'max-age=60',
      contentDisposition: 'inline',
      metadata: { owner: 'ada', note: 'naïve' },
      etag: sha256(body),
      sha256: sha256(body),
      size: body.length,
    });
    expect(await filesUnder(root)).toEqual(['.stowage/meta/docs/2024/report one.txt', 'docs/2024/report one.txt']);
  });

  it('applies fileMode and dirMode exactly, whatever the umask', async () => {
    await provider.close();
    const previous = process.umask(0o077);
    try {
      provider = await createLocalProvider({ root, fileMode: 0o640, dirMode: 0o750 });
      await provider.upload({ key: 'a/b/c.bin', body: Buffer.from('x') });
    } finally {
      process.umask(previous);
    }
    expect((await stat(join(root, 'a/b/c.bin'))).mode & 0o7777).toBe(0o640);
    expect((await stat(join(root, 'a'))).mode & 0o7777).toBe(0o750);
    expect((await stat(join(root, 'a/b'))).mode & 0o7777).toBe(0o750);
    expect((await stat(join(root, '.stowage/meta/a/b/c.bin'))).mode & 0o7777).toBe(0o640);
  });

  it('keeps applying the modes on later uploads into known folders, under a narrowing umask', async () => {
    await provider.close();
    const previous = process.umask(0o077);
    try {
      provider = await createLocalProvider({ root, fileMode: 0o644, dirMode: 0o755 });
      for (const name of ['one', 'two', 'three']) await provider.upload({ key: `a/${name}.bin`, body: Buffer.from(name) });
    } finally {
      process.umask(previous);
    }
    for (const name of ['one', 'two', 'three']) {
      expect((await stat(join(root, `a/${name}.bin`))).mode & 0o7777).toBe(0o644);
      expect((await stat(join(root, `.stowage/meta/a/${name}.bin`))).mode & 0o7777).toBe(0o644);
    }
    expect((await stat(join(root, 'a'))).mode & 0o7777).toBe(0o755);
  });

  it('stores into a folder that another process removed after this one made it', async () => {
    await provider.upload({ key: 'shared/dir/first.bin', body: Buffer.from('first') });
    await provider.delete('shared/dir/first.bin');
    await provider.upload({ key: 'shared/dir/keep.bin', body: Buffer.from('keep') });
    // Another instance sharing the root prunes the folders behind this provider's back.
    await rm(join(root, 'shared'), { recursive: true });
    await rm(join(root, '.stowage', 'meta', 'shared'), { recursive: true });
    await provider.upload({ key: 'shared/dir/second.bin', body: Buffer.from('second') });
    expect(await readAll((await provider.read('shared/dir/second.bin')).body)).toEqual(Buffer.from('second'));
    expect((await provider.stat('shared/dir/second.bin')).size).toBe(6);
  });

  it('still refuses to rename an object over a folder of the same name (a key collision)', async () => {
    await provider.upload({ key: 'clash/inner.bin', body: Buffer.from('x') });
    await expectCode('INVALID_KEY', () => provider.upload({ key: 'clash', body: Buffer.from('y') }));
    expect(await filesUnder(root)).toEqual(['.stowage/meta/clash/inner.bin', 'clash/inner.bin']);
  });

  it('creates a missing root at init (createRoot), and check then passes', async () => {
    const nested = join(root, 'x', 'y');
    const p = await createLocalProvider({ root: nested, dirMode: 0o700 });
    expect((await stat(nested)).isDirectory()).toBe(true);
    expect((await stat(nested)).mode & 0o7777).toBe(0o700);
    await p.check();
  });

  it('with createRoot: false, a missing root fails check with INVALID_OPTIONS naming root, and uploads fail', async () => {
    const p = await createLocalProvider({ root: join(root, 'missing'), createRoot: false });
    const error = await expectCode('INVALID_OPTIONS', () => p.check());
    expect(error.message).toMatch(/root/);
    await expectCode('UNAVAILABLE', () => p.upload({ key: 'a.txt', body: Buffer.from('x') }));
    await expect(stat(join(root, 'missing'))).rejects.toThrow();
  });

  it('check refuses a root that is a file', async () => {
    await writeFile(join(root, 'file'), 'x');
    const p = await createLocalProvider({ root: join(root, 'file'), createRoot: false });
    await expectCode('INVALID_OPTIONS', () => p.check());
  });

  it('refuses keys in the reserved .stowage namespace, so metadata and temp files never collide', async () => {
    for (const key of ['.stowage/meta/x', '.stowage', 'a/.stowage-tmp-0123', '.stowagefoo/x']) {
      await expectCode('INVALID_KEY', () => provider.upload({ key, body: Buffer.from('x') }));
      await expectCode('INVALID_KEY', () => provider.read(key));
    }
    expect(await filesUnder(root)).toEqual([]);
  });

  it('never lists sidecars, temp files, or files that are not valid keys', async () => {
    await provider.upload({ key: 'a.txt', body: Buffer.from('a') });
    await writeFile(join(root, '.stowage-tmp-leftover'), 'partial');
    await writeFile(join(root, 'back\\slash'), 'foreign');
    const keys: string[] = [];
    for await (const item of provider.list()) keys.push(item.key);
    expect(keys).toEqual(['a.txt']);
  });

  it('serves a file put there by other means with defaults, and ignores a stale sidecar', async () => {
    await writeFile(join(root, 'foreign.bin'), 'abc');
    expect(await provider.stat('foreign.bin')).toMatchObject({ size: 3, contentType: 'application/octet-stream', metadata: {} });
    await provider.upload({ key: 'b.txt', body: Buffer.from('four'), contentType: 'text/plain' });
    await writeFile(join(root, 'b.txt'), 'replaced behind our back');
    const stat2 = await provider.stat('b.txt');
    expect(stat2.contentType).toBe('application/octet-stream');
    expect(stat2.etag).toBeUndefined();
  });

  it('a key cannot be both an object and a folder; delete prunes empty folders so the name frees up', async () => {
    await provider.upload({ key: 'a/b', body: Buffer.from('1') });
    await expectCode('INVALID_KEY', () => provider.upload({ key: 'a', body: Buffer.from('2') }));
    await expectCode('INVALID_KEY', () => provider.upload({ key: 'a/b/c', body: Buffer.from('3') }));
    expect(await provider.exists('a')).toBe(false);
    await provider.delete('a'); // a folder, not an object: nothing happens
    expect(await provider.exists('a/b')).toBe(true);
    await provider.delete('a/b');
    expect(await filesUnder(root)).toEqual([]);
    await provider.upload({ key: 'a', body: Buffer.from('2') });
    expect(await readFile(join(root, 'a'), 'utf8')).toBe('2');
  });

  it('copies with the metadata, and the copy has its own sidecar', async () => {
    await provider.upload({ key: 'src.txt', body: Buffer.from('copy me'), contentType: 'text/plain', metadata: { k: 'v' } });
    await provider.copy('src.txt', 'deep/dst.txt');
    expect(await readFile(join(root, 'deep/dst.txt'), 'utf8')).toBe('copy me');
    const sidecar = JSON.parse(await readFile(join(root, '.stowage/meta/deep/dst.txt'), 'utf8'));
    expect(sidecar).toMatchObject({ contentType: 'text/plain', metadata: { k: 'v' }, sha256: sha256(Buffer.from('copy me')) });
  });

  it('reads a range from disk', async () => {
    await mkdir(join(root, 'r'));
    await provider.upload({ key: 'r/x', body: Buffer.from('0123456789') });
    const result = await provider.read('r/x', { range: { start: 2, end: 4 } });
    expect((await readAll(result.body)).toString()).toBe('234');
    expect(result).toMatchObject({ contentLength: 3, totalSize: 10, range: { start: 2, end: 4 } });
  });

  it('fails every call after close with UNAVAILABLE', async () => {
    await provider.close();
    await expectCode('UNAVAILABLE', () => provider.read('a'));
    await expectCode('UNAVAILABLE', () => provider.upload({ key: 'a', body: Buffer.from('x') }));
  });

  it('writes a big stream of unknown length without collecting it', async () => {
    const result = await provider.upload({ key: 'big.bin', body: streamOf(8 * 1024 * 1024) });
    expect(result.size).toBe(8 * 1024 * 1024);
    expect((await stat(join(root, 'big.bin'))).size).toBe(8 * 1024 * 1024);
  });

  it('concurrent uploads to one key end with an object and a sidecar from the same upload', async () => {
    const bodies = Array.from({ length: 12 }, (_, i) => Buffer.alloc(1000 + i * 777, 65 + i));
    await Promise.all(bodies.map((body) => provider.upload({ key: 'race.bin', body: streamOf(body.length, { fill: body[0] as number }) })));
    const bytes = await readFile(join(root, 'race.bin'));
    const stat2 = await provider.stat('race.bin');
    expect(stat2.size).toBe(bytes.length);
    expect(stat2.sha256).toBe(sha256(bytes));
    expect((await filesUnder(root)).filter((path) => path.includes('.stowage-tmp-'))).toEqual([]);
  });

  it('a reader during an overwrite sees the whole old object or the whole new one', async () => {
    const MIB = 1024 * 1024;
    await provider.upload({ key: 'swap.bin', body: Buffer.alloc(MIB, 0x61) });
    let done = false;
    const writer = provider.upload({ key: 'swap.bin', body: streamOf(4 * MIB, { fill: 0x62 }) }).finally(() => {
      done = true;
    });
    const seen = new Set<string>();
    while (!done) {
      const bytes = await readAll((await provider.read('swap.bin')).body);
      const fill = bytes[0] ?? 0;
      expect(bytes.every((byte) => byte === fill)).toBe(true);
      seen.add(`${String.fromCharCode(fill)}:${bytes.length}`);
    }
    await writer;
    seen.add(`b:${(await readFile(join(root, 'swap.bin'))).length}`);
    expect([...seen].every((entry) => entry === `a:${MIB}` || entry === `b:${4 * MIB}`)).toBe(true);
  });
});

import { createFsFromVolume, Volume } from 'memfs';
import { describe, expect, it, vi } from 'vitest';
import { FLUSH_EVERY } from '../src/batched-write.js';
import { createLocalProvider } from '../src/index.js';
import { expectCode, streamOf } from './helpers.js';

function memfs() {
  const fs = createFsFromVolume(new Volume());
  return fs;
}

function tempNames(fs: ReturnType<typeof memfs>, dir: string): string[] {
  return (fs.readdirSync(dir) as string[]).filter((name) => name.startsWith('.stowage-tmp-'));
}

describe('the injected fs', () => {
  it('fsyncs the temp file and both folders after the renames when fsync is on (the default)', async () => {
    const fs = memfs();
    const provider = await createLocalProvider({ root: '/data', fs });
    const fsync = vi.spyOn(fs, 'fsync');
    const open = vi.spyOn(fs, 'open');
    await provider.upload({ key: 'a/b.txt', body: Buffer.from('durable') });
    // Object temp file, sidecar temp file, object folder, sidecar folder.
    expect(fsync).toHaveBeenCalledTimes(4);
    const dirOpens = open.mock.calls.filter(([, flags]) => flags === 'r').map(([path]) => String(path));
    expect(dirOpens).toEqual(['/data/a', '/data/.stowage/meta/a']);
    expect(fs.readFileSync('/data/a/b.txt', 'utf8')).toBe('durable');
  });

  it('flushes a big body in the background as it is written, so the final fsync has little left', async () => {
    const fs = memfs();
    const provider = await createLocalProvider({ root: '/data', fs });
    const fsync = vi.spyOn(fs, 'fsync');
    const size = 4 * FLUSH_EVERY + 1024;
    await provider.upload({ key: 'big.bin', body: streamOf(size) });
    // One flush per FLUSH_EVERY bytes at most (never two at once), then the four of any upload.
    expect(fsync.mock.calls.length).toBeGreaterThanOrEqual(4 + 2);
    expect(fsync.mock.calls.length).toBeLessThanOrEqual(4 + 4);
    expect(fs.statSync('/data/big.bin').size).toBe(size);
  });

  it('fails the upload when a background flush fails, and keeps the old object', async () => {
    const fs = memfs();
    const provider = await createLocalProvider({ root: '/data', fs });
    await provider.upload({ key: 'keep', body: Buffer.from('old') });
    // Every fsync fails while the body is still streaming, that is, every background flush.
    const body = streamOf(2 * FLUSH_EVERY);
    let ended = false;
    body.once('end', () => (ended = true));
    const original = fs.fsync.bind(fs) as (...args: unknown[]) => void;
    vi.spyOn(fs, 'fsync').mockImplementation(((...args: unknown[]) => {
      if (ended) return original(...args);
      const callback = args.at(-1) as (error: Error) => void;
      queueMicrotask(() => callback(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' })));
    }) as never);
    const error = await expectCode('UNAVAILABLE', () => provider.upload({ key: 'keep', body }));
    expect(error.message).toMatch(/EIO|i\/o/i);
    expect(tempNames(fs, '/data')).toEqual([]);
    expect(fs.readFileSync('/data/keep', 'utf8')).toBe('old');
  });

  it('does not fsync with fsync: false', async () => {
    const fs = memfs();
    const provider = await createLocalProvider({ root: '/data', fs, fsync: false });
    const fsync = vi.spyOn(fs, 'fsync');
    await provider.upload({ key: 'x', body: Buffer.from('fast') });
    expect(fsync).not.toHaveBeenCalled();
    expect(fs.readFileSync('/data/x', 'utf8')).toBe('fast');
  });

  it('maps a full disk (ENOSPC) to UNAVAILABLE, not retryable, and removes the temp file', async () => {
    const fs = memfs();
    const provider = await createLocalProvider({ root: '/data', fs });
    await provider.upload({ key: 'keep', body: Buffer.from('old') });
    // The disk fills up after a few writes, whichever call (write or writev) the provider makes.
    let calls = 0;
    for (const method of ['write', 'writev'] as const) {
      const original = fs[method].bind(fs) as (...args: unknown[]) => void;
      vi.spyOn(fs, method).mockImplementation(((...args: unknown[]) => {
        if (++calls < 3) return original(...args);
        const callback = args.at(-1) as (error: Error) => void;
        queueMicrotask(() => callback(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })));
      }) as never);
    }
    const error = await expectCode('UNAVAILABLE', () => provider.upload({ key: 'keep', body: streamOf(4 * 1024 * 1024) }));
    expect((error as unknown as { retryable: boolean }).retryable).toBe(false);
    expect(tempNames(fs, '/data')).toEqual([]);
    expect(fs.readFileSync('/data/keep', 'utf8')).toBe('old');
  });

  it('maps EACCES to ACCESS_DENIED', async () => {
    const fs = memfs();
    const provider = await createLocalProvider({ root: '/data', fs });
    vi.spyOn(fs, 'open').mockImplementation(((...args: unknown[]) => {
      const callback = args.at(-1) as (error: Error) => void;
      queueMicrotask(() => callback(Object.assign(new Error('EACCES'), { code: 'EACCES' })));
    }) as typeof fs.open);
    await expectCode('ACCESS_DENIED', () => provider.read('x'));
    await expectCode('ACCESS_DENIED', () => provider.upload({ key: 'x', body: Buffer.from('x') }));
  });

  it('refuses an fs option that is not fs-shaped with INVALID_OPTIONS naming it', async () => {
    const error = await expectCode('INVALID_OPTIONS', () => createLocalProvider({ root: '/data', fs: { open() {} } as never }));
    expect(error.message).toMatch(/fs/);
  });
});

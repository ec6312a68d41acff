import { createFsFromVolume, Volume } from 'memfs';
import { describe, expect, it } from 'vitest';
import { createLocalProvider } from '../src/index.js';

type Callback = (error: unknown, value?: unknown) => void;

/**
 * memfs with a log of renames finished and folder fsyncs started and finished, each with a sequence
 * number, so that the order of the calls made by concurrent uploads can be checked afterwards.
 */
function loggedFs() {
  const fs = createFsFromVolume(new Volume());
  let clock = 0;
  const renamed = new Map<string, number>();
  const dirFds = new Map<number, string>();
  const dirSyncs: { dir: string; started: number; finished: number }[] = [];
  const wrap = (name: 'rename' | 'open' | 'fsync', after: (args: unknown[], value: unknown, started: number) => void) => {
    const original = (fs[name] as (...a: unknown[]) => void).bind(fs);
    (fs as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      const callback = args.pop() as Callback;
      const started = ++clock;
      original(...args, (error: unknown, value?: unknown) => {
        if (!error) after(args, value, started);
        callback(error, value);
      });
    };
  };
  wrap('rename', ([, to]) => renamed.set(String(to), ++clock));
  wrap('open', ([path, flags], fd) => {
    if (flags === 'r') dirFds.set(fd as number, String(path));
  });
  wrap('fsync', ([fd], _value, started) => {
    const dir = dirFds.get(fd as number);
    if (dir !== undefined) dirSyncs.push({ dir, started, finished: ++clock });
  });
  return { fs, renamed, dirSyncs, now: () => ++clock };
}

describe('folder fsyncs shared between concurrent uploads', () => {
  it('makes every upload durable with fewer folder fsyncs: each waits for one that started after its renames', async () => {
    const { fs, renamed, dirSyncs, now } = loggedFs();
    const provider = await createLocalProvider({ root: '/data', fs });
    const count = 24;
    const keys = Array.from({ length: count }, (_, i) => `shared/file-${i}.txt`);
    const answered = new Map<string, number>();
    await Promise.all(
      keys.map(async (key, i) => {
        await provider.upload({ key, body: Buffer.from(`body ${i}`) });
        answered.set(key, now());
      }),
    );
    for (const key of keys) {
      expect(fs.readFileSync(`/data/${key}`, 'utf8')).toBe(`body ${key.slice('shared/file-'.length, -'.txt'.length)}`);
      for (const [path, dir] of [[`/data/${key}`, '/data/shared'], [`/data/.stowage/meta/${key}`, '/data/.stowage/meta/shared']] as const) {
        const renamedAt = renamed.get(path) as number;
        const done = answered.get(key) as number;
        expect(renamedAt).toBeDefined();
        // The rename is durable before the upload resolves.
        expect(dirSyncs.some((s) => s.dir === dir && s.started > renamedAt && s.finished < done)).toBe(true);
      }
    }
    // One per upload and folder without sharing.
    expect(dirSyncs.length).toBeLessThan(2 * count);
  });

  it('still fsyncs both folders of a lone upload', async () => {
    const { fs, dirSyncs } = loggedFs();
    const provider = await createLocalProvider({ root: '/data', fs });
    await provider.upload({ key: 'a/b.txt', body: Buffer.from('durable') });
    expect(dirSyncs.map((s) => s.dir).sort()).toEqual(['/data/.stowage/meta/a', '/data/a']);
  });
});

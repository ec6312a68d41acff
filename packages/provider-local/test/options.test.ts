import { inspect } from 'node:util';
import { createFsFromVolume, Volume } from 'memfs';
import { describe, expect, it } from 'vitest';
import local, { createLocalProvider, createSignedRequestHandler } from '../src/index.js';
import { expectCode } from './helpers.js';

const fs = () => createFsFromVolume(new Volume());

describe('options', () => {
  it('names the failing option and what was expected', async () => {
    const cases: [unknown, RegExp][] = [
      [{}, /root/],
      [{ root: '' }, /root/],
      [{ root: '/r', fileMode: 'rw' }, /fileMode/],
      [{ root: '/r', dirMode: 0o10000 }, /dirMode/],
      [{ root: '/r', baseUrl: 'not a url' }, /baseUrl/],
      [{ root: '/r', fsync: 'yes' }, /fsync/],
      [{ root: '/r', unknown: 1 }, /unknown/],
      [{ root: '/r', signing: { baseUrl: 'https://x.example/s' } }, /signing\.secret/],
      [{ root: '/r', signing: { secret: 'short', baseUrl: 'https://x.example/s' } }, /signing\.secret/],
      [{ root: '/r', signing: { secret: 'k'.repeat(32) } }, /signing\.baseUrl/],
    ];
    for (const [options, pattern] of cases) {
      const error = await expectCode('INVALID_OPTIONS', () => local.init({ fs: fs(), ...(options as object) } as never));
      expect(error.message).toMatch(pattern);
    }
  });

  it('never echoes the signing secret', async () => {
    const error = await expectCode('INVALID_OPTIONS', () =>
      local.init({ root: '/r', fs: fs(), signing: { secret: 'hunter2-is-not-long', baseUrl: 'ftp://x' } } as never),
    );
    expect(error.message).not.toContain('hunter2');
  });

  it('without signing, signedUrl and signedUpload fail with INVALID_OPTIONS and the handler cannot be built', async () => {
    const provider = await createLocalProvider({ root: '/r', fs: fs() });
    const error = await expectCode('INVALID_OPTIONS', () => provider.signedUrl('a.txt'));
    expect(error.message).toMatch(/signing/);
    await expectCode('INVALID_OPTIONS', () => provider.signedUpload('a.txt', { maxSize: 1 }));
    expect(() => createSignedRequestHandler(provider)).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }));
  });

  it('declares all ten capabilities, as the manifest does', async () => {
    const { default: manifest } = await import('../package.json', { with: { type: 'json' } });
    const provider = await local.init({ root: '/r', fs: fs() });
    expect([...provider.capabilities].sort()).toEqual([...manifest.stowage.capabilities].sort());
    expect(local.capabilities).toEqual([...provider.capabilities]);
    expect(manifest.stowage.provider).toBe(provider.name);
  });

  it('checks listing inputs', async () => {
    const provider = await createLocalProvider({ root: '/r', fs: fs() });
    await expectCode('INVALID_INPUT', () => provider.listPage({ pageSize: 0 }));
    await expectCode('INVALID_INPUT', () => provider.listPage({ cursor: '../evil' }));
    await expectCode('INVALID_KEY', () => provider.listPage({ prefix: '/abs' }));
  });

  it('keeps the secret out of JSON and inspection of the instance', async () => {
    const secret = 'do-not-leak-'.repeat(4);
    const provider = await createLocalProvider({ root: '/r', fs: fs(), signing: { secret, baseUrl: 'https://x.example/s' } });
    expect(JSON.stringify(provider)).not.toContain('do-not-leak');
    expect(inspect(provider, { depth: 5 })).not.toContain('do-not-leak');
  });

  it('checks signing inputs', async () => {
    const provider = await createLocalProvider({ root: '/r', fs: fs(), signing: { secret: 'k'.repeat(32), baseUrl: 'https://x.example/s' } });
    await expectCode('INVALID_INPUT', () => provider.signedUrl('a', { expiresIn: -1 }));
    await expectCode('INVALID_INPUT', () => provider.signedUrl('a', { contentDisposition: 'inline\r\nSet-Cookie: x' }));
    await expectCode('INVALID_INPUT', () => provider.signedUpload('a', { maxSize: -1 }));
    await expectCode('INVALID_INPUT', () => provider.signedUpload('a', {} as never));
  });
});

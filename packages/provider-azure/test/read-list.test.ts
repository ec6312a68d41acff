import { isStowageError } from '@stowage/core';
import { describe, expect, it } from 'vitest';
import { freshProvider, readAll } from './helpers.js';

describe('ranged reads', () => {
  it('serves start, start-end and suffix ranges, reporting the bytes served', async () => {
    const { provider } = await freshProvider();
    await provider.upload({ key: 'digits', body: Buffer.from('0123456789'), contentType: 'text/plain' });
    const cases = [
      [{ start: 7 }, '789', { start: 7, end: 9 }],
      [{ start: 2, end: 4 }, '234', { start: 2, end: 4 }],
      [{ start: 8, end: 100 }, '89', { start: 8, end: 9 }],
      [{ suffix: 3 }, '789', { start: 7, end: 9 }],
      [{ suffix: 50 }, '0123456789', { start: 0, end: 9 }],
    ] as const;
    for (const [range, bytes, served] of cases) {
      const result = await provider.read('digits', { range });
      expect((await readAll(result.body)).toString(), JSON.stringify(range)).toBe(bytes);
      expect(result).toMatchObject({ contentLength: bytes.length, totalSize: 10, range: served, contentType: 'text/plain' });
    }
  });

  it('refuses unsatisfiable ranges with INVALID_RANGE', async () => {
    const { provider } = await freshProvider();
    await provider.upload({ key: 'digits', body: Buffer.from('0123456789') });
    await provider.upload({ key: 'empty', body: Buffer.alloc(0) });
    for (const [key, range] of [['digits', { start: 10 }], ['digits', { start: 5, end: 2 }], ['digits', { suffix: 0 }], ['empty', { start: 0 }]] as const) {
      const error = await provider.read(key, { range }).catch((e: unknown) => e);
      expect(isStowageError(error, 'INVALID_RANGE'), `${key} ${JSON.stringify(range)}: ${String(error)}`).toBe(true);
    }
    expect(isStowageError(await provider.read('missing', { range: { suffix: 2 } }).catch((e: unknown) => e), 'NOT_FOUND')).toBe(true);
  });
});

describe('listing', () => {
  it('pages with cursors, in key order, and refuses foreign cursors', async () => {
    const { provider } = await freshProvider({ rootPath: 'r' });
    const keys = ['p/a', 'p/b', 'p/c', 'p/d', 'p/e', 'q/z'];
    await Promise.all(keys.map((key) => provider.upload({ key, body: Buffer.from(key) })));
    const first = await provider.listPage({ prefix: 'p/', pageSize: 2 });
    expect(first.items.map((item) => item.key)).toEqual(['p/a', 'p/b']);
    expect(first.items[0]).toMatchObject({ size: 3 });
    expect(first.cursor).toBeTypeOf('string');
    const second = await provider.listPage({ prefix: 'p/', pageSize: 2, cursor: first.cursor! });
    expect(second.items.map((item) => item.key)).toEqual(['p/c', 'p/d']);
    const all = [];
    for await (const item of provider.list({ prefix: 'p/', pageSize: 2 })) all.push(item.key);
    expect(all).toEqual(keys.slice(0, 5));
    for (const cursor of ['garbage', Buffer.from('{"v":1,"p":"r/p/","m":""}').toString('base64url')]) {
      expect(isStowageError(await provider.listPage({ prefix: 'p/', cursor }).catch((e: unknown) => e), 'INVALID_INPUT')).toBe(true);
    }
    const otherPrefix = await provider.listPage({ prefix: 'q/', cursor: first.cursor! }).catch((e: unknown) => e);
    expect(isStowageError(otherPrefix, 'INVALID_INPUT')).toBe(true);
  });
});

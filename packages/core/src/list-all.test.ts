import { describe, expect, it } from 'vitest';
import { isStowageError } from './errors.js';
import { listAll } from './list-all.js';
import type { ListPage, ListPageOptions, ObjectSummary } from './provider.js';

const item = (key: string): ObjectSummary => ({ key, size: key.length });

/** A paginated listing over `keys`, recording every call it gets. */
function pager(keys: string[], pageSize: number) {
  const calls: ListPageOptions[] = [];
  const listPage = async (options: ListPageOptions): Promise<ListPage> => {
    calls.push(options);
    const start = options.cursor === undefined ? 0 : Number(options.cursor);
    const end = start + pageSize;
    return { items: keys.slice(start, end).map(item), ...(end < keys.length ? { cursor: String(end) } : {}) };
  };
  return { listPage, calls };
}

async function collect(iterable: AsyncIterable<ObjectSummary>): Promise<string[]> {
  const keys: string[] = [];
  for await (const entry of iterable) keys.push(entry.key);
  return keys;
}

describe('listAll', () => {
  it('walks every page in order, passing the cursor on', async () => {
    const keys = Array.from({ length: 7 }, (_, i) => `k${i}`);
    const { listPage, calls } = pager(keys, 3);
    expect(await collect(listAll(listPage))).toEqual(keys);
    expect(calls.map((c) => c.cursor)).toEqual([undefined, '3', '6']);
    expect('cursor' in calls[0]!).toBe(false);
  });

  it('passes prefix, pageSize and signal to every page', async () => {
    const { listPage, calls } = pager(['a', 'b', 'c'], 1);
    const signal = new AbortController().signal;
    await collect(listAll(listPage, { prefix: 'p/', pageSize: 1, signal }));
    expect(calls).toHaveLength(3);
    for (const call of calls) expect(call).toMatchObject({ prefix: 'p/', pageSize: 1, signal });
  });

  it('handles an empty listing with one call', async () => {
    const { listPage, calls } = pager([], 10);
    expect(await collect(listAll(listPage))).toEqual([]);
    expect(calls).toHaveLength(1);
  });

  it('follows a cursor past an empty page', async () => {
    const pages: ListPage[] = [{ items: [], cursor: 'x' }, { items: [item('a')] }];
    expect(await collect(listAll(async () => pages.shift()!))).toEqual(['a']);
  });

  it('fetches lazily: a consumer that stops early fetches no further page', async () => {
    const { listPage, calls } = pager(['a', 'b', 'c', 'd'], 2);
    for await (const entry of listAll(listPage)) {
      if (entry.key === 'a') break;
    }
    expect(calls).toHaveLength(1);
  });

  it('treats an empty cursor as the last page', async () => {
    let calls = 0;
    const listPage = async (): Promise<ListPage> => {
      calls += 1;
      return { items: [item('a')], cursor: '' };
    };
    expect(await collect(listAll(listPage))).toEqual(['a']);
    expect(calls).toBe(1);
  });

  it('stops with UNAVAILABLE instead of looping when a page repeats its cursor', async () => {
    const listPage = async (options: ListPageOptions): Promise<ListPage> => ({ items: [item('a')], cursor: options.cursor ?? 'same' });
    const error = await collect(listAll(listPage)).catch((e: unknown) => e);
    expect(isStowageError(error, 'UNAVAILABLE')).toBe(true);
  });

  it('stops with ABORTED between pages when the signal aborts', async () => {
    const controller = new AbortController();
    const { listPage, calls } = pager(['a', 'b', 'c', 'd'], 2);
    const seen: string[] = [];
    const error = await (async () => {
      for await (const entry of listAll(listPage, { signal: controller.signal })) {
        seen.push(entry.key);
        controller.abort(new Error('enough'));
      }
    })().catch((e: unknown) => e);
    expect(isStowageError(error, 'ABORTED')).toBe(true);
    expect((error as Error).cause).toEqual(new Error('enough'));
    expect(seen).toEqual(['a', 'b']);
    expect(calls).toHaveLength(1);
  });

  it('lets page errors through', async () => {
    const failure = new Error('backend down');
    await expect(collect(listAll(() => Promise.reject(failure)))).rejects.toBe(failure);
  });
});

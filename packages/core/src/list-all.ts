import type { ListOptions, ListPage, ListPageOptions, ObjectSummary } from './provider.js';

/**
 * Turns a `listPage` function into the async iterable `list` returns, fetching one page at a time.
 *
 * ```ts
 * list: (options) => listAll((o) => this.listPage(o), options),
 * ```
 */
export async function* listAll(
  listPage: (options: ListPageOptions) => Promise<ListPage>,
  options: ListOptions = {},
): AsyncGenerator<ObjectSummary, void, undefined> {
  let cursor: string | undefined;
  do {
    const page = await listPage({ ...options, ...(cursor === undefined ? {} : { cursor }) });
    yield* page.items;
    cursor = page.cursor;
  } while (cursor !== undefined);
}

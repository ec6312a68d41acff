import { StowageError } from './errors.js';
import type { ListOptions, ListPage, ListPageOptions, ObjectSummary } from './provider.js';
import { abortError } from './upload-meter.js';

/**
 * Turns a `listPage` function into the async iterable `list` returns, fetching one page at a time (the
 * next page only when the consumer has taken every item of the current one).
 *
 * ```ts
 * list: (options) => listAll((o) => this.listPage(o), options),
 * ```
 * @throws as `listPage`; `ABORTED` when `options.signal` aborts between pages; `UNAVAILABLE` when the
 *   backend hands back the cursor it was just given (it would loop forever).
 */
export async function* listAll(
  listPage: (options: ListPageOptions) => Promise<ListPage>,
  options: ListOptions = {},
): AsyncGenerator<ObjectSummary, void, undefined> {
  let cursor: string | undefined;
  do {
    if (options.signal?.aborted) throw abortError(undefined, options.signal.reason);
    const page = await listPage({ ...options, ...(cursor === undefined ? {} : { cursor }) });
    yield* page.items;
    if (page.cursor !== undefined && page.cursor === cursor) {
      throw new StowageError('UNAVAILABLE', 'The listing returned the same cursor twice; stopping instead of looping', { retryable: false });
    }
    // An empty cursor is a backend's way of saying "no more", like an absent one.
    cursor = page.cursor === '' ? undefined : page.cursor;
  } while (cursor !== undefined);
}

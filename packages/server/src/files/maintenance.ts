import { supports } from '@stowage/core';
import type { StowageContext } from '../context.js';
import type { FileRecord } from '../store/records.js';

/** Every record matching `filter`, page by page. */
async function* allRecords(context: StowageContext, filter: { isUploaded?: boolean; createdBefore?: string }): AsyncGenerator<FileRecord> {
  let afterId: string | undefined;
  for (;;) {
    const page = await context.store.listFiles({ ...filter, ...(afterId === undefined ? {} : { afterId }), limit: 500 });
    yield* page;
    if (page.length < 500) return;
    afterId = page.at(-1)?.id;
  }
}

function graceCutoff(context: StowageContext): Date {
  return new Date(Date.now() - context.config.orphanGracePeriod * 1000);
}

/** An object no record points at, and the backend it is on. */
export interface Orphan {
  key: string;
  backend: string | null;
}

/**
 * Objects under the buckets' prefixes that no record on their backend points at, older than the grace
 * period (younger ones may be uploads in flight), on every backend that can `list`. The server-wide
 * backend is searched under every bucket (a bucket that got a provider of its own may still have files
 * there), a bucket's own provider under that bucket.
 */
export async function findOrphans(context: StowageContext): Promise<Orphan[]> {
  const cutoff = graceCutoff(context);
  const buckets = (await context.store.listBuckets()).map((bucket) => bucket.id);
  const orphans: Orphan[] = [];
  for (const { id: backend, provider } of context.backends.all()) {
    if (!supports(provider, 'list')) continue;
    for (const bucket of backend === null ? buckets : [backend]) {
      let batch: string[] = [];
      const flush = async () => {
        const used = await context.store.storageKeysInUse(batch, backend);
        for (const key of batch) if (!used.has(key)) orphans.push({ key, backend });
        batch = [];
      };
      for await (const object of provider.list({ prefix: `${bucket}/` })) {
        if (object.lastModified !== undefined && object.lastModified > cutoff) continue;
        batch.push(object.key);
        if (batch.length >= 500) await flush();
      }
      await flush();
    }
  }
  return orphans;
}

/**
 * Uploaded records whose bytes are missing from their backend. A record on a bucket provider that is no
 * longer configured is not counted: its bytes may well be there, and deleting it would lose them.
 */
export async function findBrokenRecords(context: StowageContext): Promise<FileRecord[]> {
  const broken: FileRecord[] = [];
  for await (const record of allRecords(context, { isUploaded: true })) {
    const provider = context.backends.find(record.backend)?.provider;
    const present =
      provider === undefined
        ? true
        : supports(provider, 'exists')
          ? await provider.exists(record.storageKey)
          : supports(provider, 'stat')
            ? await provider.stat(record.storageKey).then(() => true, () => false)
            : true;
    if (!present) broken.push(record);
  }
  return broken;
}

/**
 * Records whose upload never completed, older than the grace period, but for those a route family still
 * waits on (a direct upload before its signed URL's expiry and the grace period, a resumable upload before its
 * expiry; see `holdsNotUploaded`).
 */
export async function findNotUploaded(context: StowageContext): Promise<FileRecord[]> {
  const found: FileRecord[] = [];
  for await (const record of allRecords(context, { isUploaded: false, createdBefore: graceCutoff(context).toISOString() })) found.push(record);
  const held = new Set<string>();
  for (const { hooks } of context.families) {
    if (hooks.holdsNotUploaded === undefined || found.length === 0) continue;
    for (const id of await hooks.holdsNotUploaded(found)) held.add(id);
  }
  return held.size === 0 ? found : found.filter((record) => !held.has(record.id));
}

/** Runs every route family's sweep of its expired leftovers; answers the records removed. */
export async function sweepFamilies(context: StowageContext): Promise<FileRecord[]> {
  const removed: FileRecord[] = [];
  for (const { hooks } of context.families) removed.push(...((await hooks.sweep?.()) ?? []));
  return removed;
}

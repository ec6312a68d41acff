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

/**
 * Objects under the buckets' prefixes that no record points at, older than the grace period (younger
 * ones may be uploads in flight). Needs the provider's `list` capability.
 */
export async function findOrphans(context: StowageContext): Promise<string[]> {
  const { provider } = context;
  if (!supports(provider, 'list')) return [];
  const cutoff = graceCutoff(context);
  const orphans: string[] = [];
  for (const bucket of await context.store.listBuckets()) {
    let batch: string[] = [];
    const flush = async () => {
      const used = await context.store.storageKeysInUse(batch);
      orphans.push(...batch.filter((key) => !used.has(key)));
      batch = [];
    };
    for await (const object of provider.list({ prefix: `${bucket.id}/` })) {
      if (object.lastModified !== undefined && object.lastModified > cutoff) continue;
      batch.push(object.key);
      if (batch.length >= 500) await flush();
    }
    await flush();
  }
  return orphans;
}

/** Uploaded records whose bytes are missing from the provider. */
export async function findBrokenRecords(context: StowageContext): Promise<FileRecord[]> {
  const { provider } = context;
  const broken: FileRecord[] = [];
  for await (const record of allRecords(context, { isUploaded: true })) {
    const present = supports(provider, 'exists')
      ? await provider.exists(record.storageKey)
      : supports(provider, 'stat')
        ? await provider.stat(record.storageKey).then(() => true, () => false)
        : true;
    if (!present) broken.push(record);
  }
  return broken;
}

/** Records whose upload never completed, older than the grace period. */
export async function findNotUploaded(context: StowageContext): Promise<FileRecord[]> {
  const found: FileRecord[] = [];
  for await (const record of allRecords(context, { isUploaded: false, createdBefore: graceCutoff(context).toISOString() })) found.push(record);
  return found;
}

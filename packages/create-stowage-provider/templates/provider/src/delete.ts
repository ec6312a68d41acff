import { normalizeKey, type CallOptions } from '@stowage/core';
import type { Context } from './context.js';
import { removeRecord } from './store.js';

/** `delete`: removes the record, then the blob. Idempotent: a missing object resolves. */
export async function deleteObject(ctx: Context, rawKey: string, _options: CallOptions = {}): Promise<void> {
  await removeRecord(ctx, normalizeKey(rawKey));
}

import { normalizeKey, type CallOptions } from '@stowage/core';
import type { Context } from './context.js';
import { readRecord } from './store.js';

/** `exists`: whether a record is committed for `key`. */
export async function exists(ctx: Context, rawKey: string, _options: CallOptions = {}): Promise<boolean> {
  return (await readRecord(ctx, normalizeKey(rawKey))) !== undefined;
}

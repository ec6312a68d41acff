import type { CallOptions } from '@stowage/core';
import type { S3Context } from './context.js';
import { headObject } from './head-object.js';

/** Whether an object is stored at `key`: one HeadObject. */
export async function exists(ctx: S3Context, key: string, options: CallOptions = {}): Promise<boolean> {
  const { key: normalized, stored } = ctx.resolveKey(key);
  return (await headObject(ctx, stored, normalized, 'exists', options.signal)) !== undefined;
}

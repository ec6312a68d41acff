import type { CallOptions } from '@stowage/core';
import { abortable, normalizedKey, storedName, type GcsContext } from './context.js';
import { mapErrors } from './errors.js';

/** Whether an object is stored at `key` (one metadata request). */
export async function exists(ctx: GcsContext, key: string, options: CallOptions = {}): Promise<boolean> {
  const name = storedName(ctx, key);
  const normalized = normalizedKey(key);
  const [found] = await abortable(options.signal, normalized, () =>
    mapErrors({ key: normalized, operation: 'exists' }, () => ctx.bucket.file(name).exists()),
  );
  return found;
}

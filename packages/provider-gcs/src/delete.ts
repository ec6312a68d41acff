import type { CallOptions } from '@stowage/core';
import { abortable, normalizedKey, storedName, type GcsContext } from './context.js';
import { mapErrors } from './errors.js';

/** Deletes one object; a missing object is not an error (the delete is idempotent). */
export async function remove(ctx: GcsContext, key: string, options: CallOptions = {}): Promise<void> {
  const name = storedName(ctx, key);
  const normalized = normalizedKey(key);
  await abortable(options.signal, normalized, () =>
    mapErrors({ key: normalized, operation: 'delete' }, () => ctx.bucket.file(name).delete({ ignoreNotFound: true })),
  );
}

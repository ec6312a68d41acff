import type { CallOptions } from '@stowage/core';
import { blobOf, errorContext, resolveKey, type AzureContext } from './context.js';
import { mapErrors } from './errors.js';

/** Whether a blob is stored at `key` (one HEAD request). */
export async function exists(ctx: AzureContext, key: string, options: CallOptions = {}): Promise<boolean> {
  const { stored } = resolveKey(ctx, key);
  return mapErrors(errorContext(ctx, 'exists', stored, options.signal), () =>
    blobOf(ctx, stored).exists(options.signal === undefined ? {} : { abortSignal: options.signal }),
  );
}

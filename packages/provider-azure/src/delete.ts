import type { CallOptions } from '@stowage/core';
import { blobOf, errorContext, resolveKey, type AzureContext } from './context.js';
import { mapErrors } from './errors.js';

/** Deletes a blob with its snapshots; a missing blob is not an error. */
export async function deleteObject(ctx: AzureContext, key: string, options: CallOptions = {}): Promise<void> {
  const { stored } = resolveKey(ctx, key);
  await mapErrors(errorContext(ctx, 'delete', stored, options.signal), () =>
    blobOf(ctx, stored).deleteIfExists({
      deleteSnapshots: 'include',
      ...(options.signal === undefined ? {} : { abortSignal: options.signal }),
    }),
  );
}

import { StowageError, type CallOptions } from '@stowage/core';
import { blobOf, errorContext, resolveKey, type AzureContext } from './context.js';
import { mapErrors, PROVIDER } from './errors.js';

// Copies inside one account usually finish within the first answer; poll briskly when they do not.
const POLL_INTERVAL_MS = 500;

/**
 * A server-side copy (Copy Blob) with content type, properties and metadata, overwriting `to`; waits
 * until Azure reports the copy finished. The source URL carries the container's SAS when the provider
 * authenticates with one; otherwise the request's own credentials authorize the source (same account).
 * @throws `NOT_FOUND` when `from` is missing.
 */
export async function copy(ctx: AzureContext, from: string, to: string, options: CallOptions = {}): Promise<void> {
  const source = resolveKey(ctx, from);
  const target = resolveKey(ctx, to);
  const signal = options.signal;
  await mapErrors(errorContext(ctx, 'copy', source.stored, signal), async () => {
    const poller = await blobOf(ctx, target.stored).beginCopyFromURL(blobOf(ctx, source.stored).url, {
      intervalInMs: POLL_INTERVAL_MS,
      ...(signal === undefined ? {} : { abortSignal: signal }),
    });
    // The poller stops polling when the signal given to beginCopyFromURL fires.
    const result = await poller.pollUntilDone();
    if (result.copyStatus !== undefined && result.copyStatus !== 'success') {
      throw new StowageError('UNAVAILABLE', `Azure copy to "${target.stored}" ended as ${result.copyStatus}`, {
        key: target.stored,
        provider: PROVIDER,
        retryable: true,
      });
    }
  });
}

import type { CallOptions } from '@stowage/core';
import { errorContext, type AzureContext } from './context.js';
import { mapErrors } from './errors.js';

/**
 * Lists at most one blob of the container: proves the credentials work and the container exists
 * (`INVALID_OPTIONS` naming it otherwise). Listing rather than reading the container's properties works
 * with every auth form, a container SAS included (it needs the `l` permission).
 */
export async function check(ctx: AzureContext, options: CallOptions = {}): Promise<void> {
  await mapErrors(errorContext(ctx, 'check', undefined, options.signal), async () => {
    const pages = ctx.container
      .listBlobsFlat(options.signal === undefined ? {} : { abortSignal: options.signal })
      .byPage({ maxPageSize: 1 });
    await pages.next();
  });
}

import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { StowageError, abortError, type CallOptions } from '@stowage/core';
import type { Context } from './context.js';
import { mapError, PROVIDER_NAME } from './errors.js';

/**
 * `check`: the start-up check, proving the store is there and writable. With a real backend, make one
 * cheap authenticated call (head the bucket) so bad credentials surface at start, not on the first upload.
 */
export async function check(ctx: Context, options: CallOptions = {}): Promise<void> {
  for (const dir of [ctx.records, ctx.blobs, ctx.tmp]) {
    if (options.signal?.aborted) throw abortError(undefined, options.signal.reason);
    try {
      await access(dir, constants.R_OK | constants.W_OK);
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') {
        throw new StowageError('INVALID_OPTIONS', `root: the directory "${ctx.options.root}" is missing or incomplete (set createRoot: true to create it)`, {
          cause: error,
          provider: PROVIDER_NAME,
        });
      }
      throw mapError(error, 'write');
    }
  }
}

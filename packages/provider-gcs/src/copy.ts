import type { CallOptions } from '@stowage/core';
import { abortable, normalizedKey, storedName, type GcsContext } from './context.js';
import { mapErrors } from './errors.js';

/**
 * Server-side copy; the destination gets the source's MIME type and metadata (the JSON API's rewrite,
 * which the SDK repeats until large objects are done).
 */
export async function copy(ctx: GcsContext, from: string, to: string, options: CallOptions = {}): Promise<void> {
  const source = storedName(ctx, from);
  const destination = storedName(ctx, to);
  const fromKey = normalizedKey(from);
  await abortable(options.signal, fromKey, () =>
    mapErrors({ key: fromKey, operation: `copy to "${normalizedKey(to)}" from` }, () =>
      ctx.bucket.file(source).copy(ctx.bucket.file(destination), {
        ...(ctx.options.predefinedAcl === undefined ? {} : { predefinedAcl: ctx.options.predefinedAcl }),
      }),
    ),
  );
}

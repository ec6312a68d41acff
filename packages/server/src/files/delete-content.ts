import type { StowageContext } from '../context.js';

/**
 * Deletes bytes that no record points at any more. Best effort: a failure is logged and leaves an
 * orphan, which the admin endpoints list and delete later; it never fails the request.
 */
export async function deleteContent(context: StowageContext, storageKey: string, reason: string): Promise<void> {
  try {
    await context.provider.delete(storageKey);
  } catch (error) {
    context.logger.warn({ err: error, storageKey, reason }, 'could not delete unreferenced bytes; they are now an orphan');
  }
}

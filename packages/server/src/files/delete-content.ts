import type { StowageContext } from '../context.js';
import type { FileRecord } from '../store/records.js';

/**
 * Deletes bytes that no record points at any more, on the backend that holds them, and the image
 * variants made of them. Best effort: a failure is logged and leaves an orphan, which the admin
 * endpoints list and delete later; it never fails the request.
 */
export async function deleteContent(context: StowageContext, at: Pick<FileRecord, 'storageKey' | 'backend'>, reason: string): Promise<void> {
  const { storageKey } = at;
  try {
    // A backend no longer configured throws here too: its bytes stay an orphan there, as logged.
    await context.backends.get(at.backend).provider.delete(storageKey);
  } catch (error) {
    context.logger.warn({ err: error, storageKey, reason }, 'could not delete unreferenced bytes; they are now an orphan');
  }
  // Transformed images of those bytes go with them (a replaced file's old variants must never be served).
  await context.images.removeOf(context, at).catch((error: unknown) => context.logger.warn({ err: error, storageKey }, 'could not list the image variants of deleted bytes'));
}

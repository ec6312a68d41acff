import { StowageError, supports } from '@stowage/core';
import type { StowageContext } from '../../context.js';
import { deleteContent } from '../../files/delete-content.js';
import type { FileRecord } from '../../store/records.js';

/**
 * Moves a file's bytes to `storageKey` (server-side `copy` when the provider has it, else a streamed
 * read and upload), switches the record, then deletes the old bytes.
 * @throws `UNSUPPORTED` when the provider can neither copy nor read.
 */
export async function moveContent(context: StowageContext, record: FileRecord, storageKey: string): Promise<FileRecord> {
  const { provider } = context.backends.get(record.backend);
  if (supports(provider, 'copy')) await provider.copy(record.storageKey, storageKey);
  else if (supports(provider, 'read')) {
    const read = await provider.read(record.storageKey);
    await provider.upload({ key: storageKey, body: read.body, contentType: record.mimeType, size: read.contentLength });
  } else {
    throw new StowageError('UNSUPPORTED', `Invalid path: send it before the files; provider "${provider.name}" cannot move stored bytes`);
  }
  const moved = await context.store.updateFile(record.id, { storageKey }, record.version);
  if (moved === undefined) {
    await deleteContent(context, { storageKey, backend: record.backend }, 'move abandoned');
    throw new StowageError('UNAVAILABLE', `File "${record.id}" changed while it was being moved into its folder`);
  }
  await deleteContent(context, record, 'moved into its folder');
  return moved;
}

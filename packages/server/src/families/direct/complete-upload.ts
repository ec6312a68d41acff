import { isStowageError, supports, type Provider } from '@stowage/core';
import { requestAccess } from '../../auth/access.js';
import { authorize } from '../../auth/authorize.js';
import { accessDenied } from '../../auth/auth-errors.js';
import type { StowageContext } from '../../context.js';
import { deleteContent } from '../../files/delete-content.js';
import { toFileMetadata } from '../../files/file-metadata.js';
import { FILE_ID, newStorageKey } from '../../files/storage-key.js';
import { HttpError } from '../../http/http-status.js';
import { sendJson } from '../../http/respond.js';
import type { Route } from '../../http/router.js';
import type { FileRecord } from '../../store/records.js';
import type { DirectStore, PendingUpload } from './direct-store.js';
import { verifyObject } from './verify-object.js';

/**
 * `POST /v1/files/{id}/complete`: checks the object the client uploaded against its declaration (see
 * {@link verifyObject}) and completes the record, answering its `FileMetadata`. A mismatch deletes the
 * object and the record (400, naming what differed); completing before the bytes arrived is a 409
 * that keeps the declaration, completing twice a 409, an unknown id a 404.
 */
export function completeUploadRoute(context: StowageContext, store: DirectStore): Route {
  return {
    methods: ['POST'],
    path: '/v1/files/:id/complete',
    async handle({ req, res, params }) {
      const id = params.id ?? '';
      if (!FILE_ID.test(id)) throw new HttpError('INVALID_INPUT', `Invalid id: "${id.slice(0, 64)}" is not a file id`);
      const access = await requestAccess(context, req);
      const record = await context.store.getFile(id);
      if (record === undefined) throw new HttpError('NOT_FOUND', `No direct upload "${id}": it was never declared, or it expired and was removed`, { id });
      authorize(access, 'upload', record.bucketId);
      // The declaration is a grant to whoever made it: another user may not complete (and so claim) it.
      if (access.principal.kind !== 'admin' && record.uploadedByUserId !== null && record.uploadedByUserId !== access.principal.userId) {
        throw accessDenied('Access denied: only the user who declared this direct upload may complete it');
      }
      if (record.isUploaded) throw new HttpError('CONFLICT', `File "${id}" is already complete`, { id });
      // A backend no longer configured fails here (503), before the declaration is claimed.
      const { provider } = context.backends.get(record.backend);
      const pending = await store.get(id);
      // Claiming the declaration (deleting it) makes one completion win when two race.
      if (pending === undefined || !(await store.delete(id))) throw new HttpError('CONFLICT', `File "${id}" is not a pending direct upload, or it is being completed by another request`, { id });
      const done = await complete(context, store, provider, record, pending);
      sendJson(res, 200, toFileMetadata(done));
    },
  };
}

async function complete(context: StowageContext, store: DirectStore, provider: Provider, record: FileRecord, pending: PendingUpload): Promise<FileRecord> {
  let key = pending.storageKey;
  let verdict;
  try {
    key = await settle(provider, record, pending.storageKey);
    verdict = await verifyObject(provider, key, pending, context.config.mimeTypeMismatch);
  } catch (error) {
    // A failure of the backend, not of the upload: the client may try again.
    if (key !== pending.storageKey) await provider.delete(key).catch(() => undefined);
    await store.insert(pending).catch(() => undefined);
    throw error;
  }
  if (!verdict.ok && verdict.missing) {
    await store.insert(pending);
    throw new HttpError('CONFLICT', `Nothing has been uploaded for "${record.id}" yet: send the file to the upload URL first`, { id: record.id });
  }
  if (!verdict.ok) {
    if (await context.store.deleteFile(record.id, record.version)) {
      await deleteContent(context, { storageKey: key, backend: record.backend }, 'direct upload refused');
      if (key !== pending.storageKey) await deleteContent(context, { storageKey: pending.storageKey, backend: record.backend }, 'direct upload refused');
    }
    throw new HttpError('INVALID_INPUT', `${verdict.message}; the upload was deleted`, { id: record.id, ...verdict.differs });
  }
  const done = await context.store.updateFile(record.id, { isUploaded: true, size: verdict.size, etag: verdict.etag, mimeType: verdict.mimeType, storageKey: key }, record.version);
  if (done === undefined) {
    // Deleted meanwhile (the maintenance sweep, say): the bytes must not stay behind.
    await deleteContent(context, { storageKey: key, backend: record.backend }, 'record gone during completion');
    throw new HttpError('CONFLICT', `File "${record.id}" was changed or deleted while it was being completed`, { id: record.id });
  }
  if (key !== pending.storageKey) await deleteContent(context, { storageKey: pending.storageKey, backend: record.backend }, 'direct upload settled under a fresh key');
  return done;
}

/**
 * Where the completed file's bytes live. A backend's signed URL stays usable until it expires, so a
 * client could upload again after the check; a server-side copy to a fresh key (then the upload's key
 * deleted) makes the checked bytes the only ones the record points at. provider-local's uploads go
 * through the server, which refuses them once completed, so they stay where they are. The upload's key
 * is deleted once the record points at the copy; an upload replayed after that is an orphan, which
 * `/v1/ops/delete-orphans` removes.
 */
async function settle(provider: Provider, record: FileRecord, uploadKey: string): Promise<string> {
  if (provider.name === 'local' || !supports(provider, 'copy')) return uploadKey;
  const key = newStorageKey(record.bucketId, record.id);
  try {
    await provider.copy(uploadKey, key);
  } catch (error) {
    // Nothing uploaded yet: verification reports it from the upload's key.
    if (isStowageError(error, 'NOT_FOUND')) return uploadKey;
    throw error;
  }
  return key;
}

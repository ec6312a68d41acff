import { authorizeRequest } from '../../auth/access.js';
import type { StowageContext } from '../../context.js';
import { deleteContent } from '../../files/delete-content.js';
import { toFileMetadata } from '../../files/file-metadata.js';
import { newStorageKey } from '../../files/storage-key.js';
import { prepareContent, writeContent, type WrittenContent } from '../../files/write-content.js';
import { HttpError } from '../../http/http-status.js';
import { parseMultipart } from '../../http/multipart.js';
import { sendJson } from '../../http/respond.js';
import type { Route } from '../../http/router.js';
import type { FilePatch } from '../../store/file-store.js';
import { parseFormMetadata, type FormMetadata } from './form-metadata.js';
import { assertWritePreconditions, loadFile } from './load-file.js';

/**
 * `PUT /v1/files/{id}`: replaces the content (`file`) and/or the name and metadata (`metadata`). New
 * bytes go under a new storage key; the record switches to them only once they are stored (and only
 * if nobody changed it meanwhile), then the old bytes are deleted. The record never points at bytes
 * that do not exist.
 */
export function replaceFileRoute(context: StowageContext): Route {
  return {
    methods: ['PUT'],
    path: '/v1/files/:id',
    async handle({ req, res, params }) {
      const { file, bucket } = await loadFile(context, params.id ?? '');
      // Checked before the body is read: a refused replacement stores nothing.
      await authorizeRequest(context, req, 'replace', bucket.id, file);
      assertWritePreconditions(req, file);
      let form: FormMetadata = {};
      let sawMetadata = false;
      let written: (WrittenContent & { storageKey: string }) | undefined;
      let switched = false;
      const parts = parseMultipart(req, { ...context.config.limits, files: 1 });
      try {
        for await (const part of parts) {
          if (part.kind === 'field') {
            if (part.name === 'metadata') {
              form = parseFormMetadata(part.value, 'metadata', false);
              sawMetadata = true;
            }
            continue;
          }
          if (part.name !== 'file') {
            part.stream.resume();
            throw new HttpError('INVALID_INPUT', `Invalid field "${part.name}": the new content goes in "file"`);
          }
          const { body, mimeType } = await prepareContent(context, bucket, part, 'file');
          const storageKey = newStorageKey(bucket.id, file.id);
          written = { ...(await writeContent(context, bucket, { body, mimeType, storageKey, field: 'file' })), storageKey };
        }
        if (written === undefined && !sawMetadata) throw new HttpError('INVALID_INPUT', 'Invalid body: expected a "file" part, a "metadata" part, or both');
        const patch: FilePatch = {};
        if (form.name !== undefined) patch.name = form.name;
        if (sawMetadata) patch.metadata = form.metadata ?? null;
        if (written !== undefined) Object.assign(patch, { storageKey: written.storageKey, backend: written.backend, size: written.size, etag: written.etag, mimeType: written.mimeType });
        const updated = await context.store.updateFile(file.id, patch, file.version);
        if (updated === undefined) throw new HttpError('CONFLICT', `File "${file.id}" was changed or deleted by another request meanwhile; nothing was replaced`, { id: file.id });
        switched = true;
        if (written !== undefined) await deleteContent(context, file, 'replaced');
        sendJson(res, 200, toFileMetadata(updated));
      } catch (error) {
        await parts.return?.();
        if (written !== undefined && !switched) await deleteContent(context, written, 'replacement abandoned');
        throw error;
      }
    },
  };
}

import { randomUUID } from 'node:crypto';
import { supports, type SignedUpload } from '@stowage/core';
import { requestAccess } from '../../auth/access.js';
import { authorize } from '../../auth/authorize.js';
import type { StowageContext } from '../../context.js';
import { assertMimeAllowed, sizeBounds } from '../../files/bucket-rules.js';
import { safeFileName } from '../../files/safe-name.js';
import { normalizeMime } from '../../files/sniff.js';
import { FILE_ID, newStorageKey } from '../../files/storage-key.js';
import { HttpError } from '../../http/http-status.js';
import { readJsonBody } from '../../http/read-json.js';
import { sendJson } from '../../http/respond.js';
import type { Route } from '../../http/router.js';
import type { DirectConfig } from './config.js';
import { parseDeclaration } from './declaration.js';
import type { DirectStore } from './direct-store.js';
import { serverSignsFor, signLocalUpload } from './local-uploads.js';
import type { SigningOptions } from '@stowage/provider-upload-local';

/** What the declaring route needs beyond the server's context. */
export interface DirectMount {
  config: DirectConfig;
  store: DirectStore;
  /** The signing of provider-local backends without `signing` of their own. */
  localSigning: SigningOptions;
}

/**
 * `POST /v1/files/direct` with `{ bucketId, name, size, mimeType, id?, metadata? }`: checks what
 * `POST /v1/files` checks (permission, bucket, MIME allow-list, size bounds, name, id) before anything is
 * signed, records the file as not uploaded, and answers 201 `{ id, upload: { method, url, fields?,
 * headers }, expiresAt }`, `upload` being what Uppy's `getUploadParameters` returns.
 */
export function declareUploadRoute(context: StowageContext, direct: DirectMount): Route {
  return {
    methods: ['POST'],
    path: '/v1/files/direct',
    async handle(request) {
      const { req, res } = request;
      const access = await requestAccess(context, req);
      const declared = parseDeclaration(await readJsonBody(req, context.config.limits.fieldSize));
      const bucket = await context.store.getBucket(declared.bucketId);
      if (bucket === undefined) throw new HttpError('INVALID_INPUT', `Invalid bucketId: bucket "${declared.bucketId}" does not exist`, { bucketId: declared.bucketId });
      authorize(access, 'upload', bucket.id);
      const name = safeFileName(declared.name, 'name');
      const id = declared.id ?? randomUUID();
      if (!FILE_ID.test(id)) throw new HttpError('INVALID_INPUT', `Invalid id: "${id.slice(0, 64)}" must be 1-128 letters, digits, "-" or "_", starting with a letter or digit`);
      const mimeType = normalizeMime(declared.mimeType);
      assertMimeAllowed(bucket, mimeType, 'mimeType');
      const { min, max } = sizeBounds(bucket, context.config);
      if (declared.size > max) throw new HttpError('TOO_LARGE', `Invalid size: the file must be at most ${max} bytes in bucket "${bucket.id}"`, { field: 'size', limit: max });
      if (declared.size < min) throw new HttpError('INVALID_INPUT', `Invalid size: the file must be at least ${min} bytes in bucket "${bucket.id}"`, { field: 'size', min });
      const backend = context.backends.forBucket(bucket.id);
      const { provider } = backend;
      const storageKey = newStorageKey(bucket.id, id);
      const options = { maxSize: declared.size, contentType: mimeType, expiresIn: direct.config.expiresIn };
      const sign = serverSignsFor(backend)
        ? async () => signLocalUpload(req, request.mountPath, context, direct.localSigning, storageKey, options)
        : supports(provider, 'signedUpload')
          ? () => provider.signedUpload(storageKey, options)
          : undefined;
      if (sign === undefined) {
        throw new HttpError('UNSUPPORTED', `Direct uploads are not available in bucket "${bucket.id}": its provider "${provider.name}" cannot sign uploads (no signedUpload); upload through POST /v1/files instead`, { bucketId: bucket.id, provider: provider.name });
      }
      if (!supports(provider, 'stat') && !supports(provider, 'read')) {
        throw new HttpError('UNSUPPORTED', `Direct uploads are not available in bucket "${bucket.id}": its provider "${provider.name}" can neither stat nor read objects, so an upload could not be checked`, { bucketId: bucket.id, provider: provider.name });
      }
      const record = await context.store.insertFile({ id, bucketId: bucket.id, name, mimeType, storageKey, backend: backend.id, uploadedByUserId: access.principal.userId, metadata: declared.metadata });
      let upload: SignedUpload;
      try {
        upload = await sign();
        await direct.store.insert({ fileId: id, storageKey, size: declared.size, mimeType, expiresAt: upload.expiresAt });
      } catch (error) {
        // Nothing was signed, or the grant could not be recorded: no record may be left waiting.
        await context.store.deleteFile(id, record.version).catch((cleanup: unknown) => context.logger.error({ err: cleanup, fileId: id }, 'could not remove the record of a failed direct upload'));
        throw error;
      }
      sendJson(res, 201, answer(id, upload));
    },
  };
}

// Uppy's `getUploadParameters` shape: `fields` only for a form POST, whose file goes last in `fileField`.
function answer(id: string, upload: SignedUpload): Record<string, unknown> {
  const post = upload.method === 'POST';
  return {
    id,
    upload: { method: upload.method, url: upload.url, ...(post ? { fields: upload.fields } : {}), headers: upload.headers },
    ...(post ? { fileField: upload.fileField ?? 'file' } : {}),
    enforcesMaxSize: upload.enforcesMaxSize,
    expiresAt: upload.expiresAt.toISOString(),
  };
}

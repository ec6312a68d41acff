import { requestAccess } from '../../auth/access.js';
import { authorize } from '../../auth/authorize.js';
import { safeFileName } from '../../files/safe-name.js';
import type { StowageContext } from '../../context.js';
import { createFile } from '../../files/create-file.js';
import { deleteContent } from '../../files/delete-content.js';
import { toFileMetadata, type FileMetadataJson } from '../../files/file-metadata.js';
import { plainErrorShape, type ErrorShape } from '../../http/error-shape.js';
import { HttpError } from '../../http/http-status.js';
import { parseMultipart, type Part } from '../../http/multipart.js';
import { sendJson } from '../../http/respond.js';
import { sendError } from '../../http/send-error.js';
import type { Route } from '../../http/router.js';
import type { Bucket } from '../../store/records.js';
import { parseFormMetadata, type FormMetadata } from './form-metadata.js';

/** A request whose shape is wrong as a whole: everything it stored is rolled back. */
class ShapeError extends HttpError {}

/**
 * `POST /v1/files`: `bucket-id`, then `metadata[]` (for all files or none), then `file[]`, streamed one
 * file at a time straight to the provider. Answers 201 `{ processedFiles }`; on a failure the failing
 * status with `{ processedFiles, error }`, listing the files stored before it (a malformed request as a
 * whole, such as metadata for some files only, stores nothing).
 */
export function uploadFilesRoute(context: StowageContext): Route {
  return {
    methods: ['POST'],
    path: '/v1/files',
    async handle({ req, res }) {
      // Bad credentials are refused before any byte of the body is read.
      const access = await requestAccess(context, req);
      const processed: FileMetadataJson[] = [];
      const metadata: FormMetadata[] = [];
      let bucketId = 'default';
      let bucket: Bucket | undefined;
      let files = 0;
      let name: string;
      let parts: AsyncIterableIterator<Part> | undefined;
      try {
        parts = parseMultipart(req, context.config.limits);
        for await (const part of parts) {
          if (part.kind === 'field') {
            if (part.name === 'bucket-id' || part.name === 'metadata[]') {
              if (files > 0) throw new ShapeError('INVALID_INPUT', `Invalid ${part.name}: it must come before the first file[] part`);
              if (part.name === 'bucket-id') bucketId = part.value;
              else metadata.push(parseFormMetadata(part.value, `metadata[${metadata.length}]`, true));
            }
            continue;
          }
          if (part.name !== 'file[]') {
            part.stream.resume();
            throw new ShapeError('INVALID_INPUT', `Invalid field "${part.name}": files go in "file[]"`);
          }
          if (metadata.length > 0 && files >= metadata.length) {
            part.stream.resume();
            throw new ShapeError('INVALID_INPUT', `Invalid metadata[]: ${metadata.length} given for more files; give metadata for every file or for none`);
          }
          bucket ??= await context.store.getBucket(bucketId);
          if (bucket === undefined) {
            part.stream.resume();
            throw new HttpError('INVALID_INPUT', `Invalid bucket-id: bucket "${bucketId}" does not exist`, { bucketId });
          }
          const meta = metadata[files];
          try {
            authorize(access, 'upload', bucket.id);
            name = safeFileName(meta?.name ?? part.filename, meta?.name === undefined ? `file[${files}] filename` : `metadata[${files}].name`);
          } catch (error) {
            part.stream.resume();
            throw error;
          }
          const record = await createFile(context, {
            bucket,
            ...(meta?.id === undefined ? {} : { id: meta.id }),
            name,
            metadata: meta?.metadata ?? null,
            uploadedByUserId: access.principal.userId,
            part,
            field: `file[${files}]`,
          });
          processed.push(toFileMetadata(record));
          files += 1;
        }
        if (files === 0) throw new ShapeError('INVALID_INPUT', 'Invalid file[]: at least one file is required');
        if (metadata.length > 0 && metadata.length !== files) {
          throw new ShapeError('INVALID_INPUT', `Invalid metadata[]: ${metadata.length} given for ${files} files; give metadata for every file or for none`);
        }
        sendJson(res, 201, { processedFiles: processed });
      } catch (error) {
        await parts?.return?.();
        if (error instanceof ShapeError) {
          for (const file of processed.splice(0)) {
            const record = await context.store.getFile(file.id);
            if (record !== undefined && (await context.store.deleteFile(record.id, record.version))) await deleteContent(context, record, 'rolled back');
          }
        }
        // Nhost's answer to a failed upload lists the files stored before the failure beside the error.
        const shape: ErrorShape = { body: (described) => ({ processedFiles: processed, ...(plainErrorShape.body(described) as object) }) };
        sendError(error, { req, res, shape, logger: context.logger, log: { method: 'POST', path: '/v1/files', family: 'nhost' }, headers: { connection: 'close' } });
      }
    },
  };
}

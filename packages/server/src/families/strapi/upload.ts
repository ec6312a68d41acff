import { isFormatSource } from './formats/make-formats.js';
import { teeOriginal } from './formats/tee-original.js';
import { requestAccess } from '../../auth/access.js';
import { authorize } from '../../auth/authorize.js';
import { safeFileName } from '../../files/safe-name.js';
import type { StrapiContext } from './strapi-context.js';
import { createFile } from '../../files/create-file.js';
import { deleteContent } from '../../files/delete-content.js';
import { deleteFormats } from './formats/make-formats.js';
import { HttpError } from '../../http/http-status.js';
import { parseMultipart, type Part } from '../../http/multipart.js';
import { sendJson } from '../../http/respond.js';
import type { Route } from '../../http/router.js';
import type { Bucket, FileRecord } from '../../store/records.js';
import type { StrapiLink } from './store/strapi-store.js';
import { completeUploads, type StoredUpload } from './complete-uploads.js';
import { toStrapiJson } from './file-object.js';
import { extOf, makeHash, parseFileInfo, parseFolder, type FileInfo } from './form.js';
import { moveContent } from './move-content.js';
import { replaceStrapiFile, updateFileInfo } from './replace.js';

/** The form of a `POST /upload`, read while its files stream to the provider. */
export interface UploadForm {
  fileInfo: FileInfo[];
  folder: { keyPrefix: string; folderPath: string };
  link: Partial<StrapiLink> & { source?: string };
}

/** The bucket of the `/upload` API. @throws `HttpError` 500 when it is missing. */
export async function strapiBucket(context: StrapiContext): Promise<Bucket> {
  const bucket = await context.store.getBucket(context.strapi.config.bucket);
  if (bucket === undefined) throw new HttpError('INTERNAL', `The strapi.bucket "${context.strapi.config.bucket}" is not configured`);
  return bucket;
}

/**
 * `POST /upload`: Strapi's upload. `files` (one or many) stream straight to the provider as they come;
 * `path` must come before them (it is part of their keys); `fileInfo`, `ref`, `refId`, `field` and
 * `source` may come before or after (Strapi's documented curl puts them after). With `?id=`, replaces
 * that file's bytes (one file) or, without a file, updates its `fileInfo`.
 */
export function uploadRoute(context: StrapiContext, path: string): Route {
  return {
    methods: ['POST'],
    path,
    async handle({ req, res, query, mountPath }) {
      const id = query.get('id');
      if (id !== null) {
        await replaceOrUpdate(context, req, res, id, mountPath);
        return;
      }
      // Bad credentials, and uploads the bucket's rules refuse, are answered before any byte is read.
      const access = await requestAccess(context, req);
      const bucket = await strapiBucket(context);
      authorize(access, 'upload', bucket.id);
      const userId = access.principal.userId;
      const form: UploadForm = { fileInfo: [], folder: { keyPrefix: '', folderPath: '/' }, link: {} };
      const stored: StoredUpload[] = [];
      let parts: AsyncIterableIterator<Part> | undefined;
      try {
        parts = parseMultipart(req, context.config.limits);
        for await (const part of parts) {
          if (part.kind === 'field') {
            readField(form, part.name, part.value);
            continue;
          }
          if (part.name !== 'files' && part.name !== 'files[]') {
            part.stream.resume();
            throw new HttpError('INVALID_INPUT', `Invalid field "${part.name}": files go in "files"`);
          }
          let name: string;
          try {
            name = safeFileName(part.filename, `files[${stored.length}] filename`);
          } catch (error) {
            part.stream.resume();
            throw error;
          }
          const hash = makeHash(name);
          const ext = extOf(name);
          // An image's formats are made from a copy written as it streams in, not read back from the provider.
          const teed = isFormatSource(part.mimeType) ? await teeOriginal(part.stream) : undefined;
          let record;
          try {
            record = await createFile(context, {
              bucket,
              name,
              metadata: null,
              uploadedByUserId: userId,
              part: teed === undefined ? part : { ...part, stream: teed.stream },
              field: `files[${stored.length}]`,
              storageKey: `${bucket.id}/${form.folder.keyPrefix}${hash}${ext}`,
            });
            await teed?.copy.done();
          } catch (error) {
            await teed?.copy.remove();
            throw error;
          }
          stored.push({ record, hash, ext, ...(teed === undefined ? {} : { original: teed.copy }) });
        }
        if (stored.length === 0) throw new HttpError('INVALID_INPUT', 'Files are empty');
        if (form.fileInfo.length > 1 && form.fileInfo.length !== stored.length) {
          throw new HttpError('INVALID_INPUT', `Invalid fileInfo: ${form.fileInfo.length} given for ${stored.length} files; give one per file, or one object for a single file`);
        }
        // A `path` sent after some files (curl's order is the command line's): move those files into it.
        for (const item of stored) {
          const key = `${bucket.id}/${form.folder.keyPrefix}${item.hash}${item.ext}`;
          if (item.record.storageKey !== key) item.record = await moveContent(context, item.record, key);
        }
        const files = await completeUploads(context, bucket, stored, form, userId);
        sendJson(res, 201, files.map((f) => toStrapiJson(context, f, mountPath)));
      } catch (error) {
        await parts?.return?.();
        // All or nothing: files stored before a failure are removed with their formats.
        for (const { record } of stored) await removeFile(context, record);
        throw error;
      } finally {
        for (const { original } of stored) await original?.remove();
      }
    },
  };
}

function readField(form: UploadForm, name: string, value: string): void {
  if (name === 'fileInfo' || name === 'fileInfo[]') form.fileInfo.push(...parseFileInfo(value));
  else if (name === 'path') form.folder = parseFolder(value);
  else if (name === 'ref' || name === 'refId' || name === 'field' || name === 'source') {
    if (value.length > 255) throw new HttpError('INVALID_INPUT', `Invalid ${name}: at most 255 characters`);
    form.link[name] = value;
  }
}

/** Deletes a file's record, its Strapi rows and links (cascade), its formats, then its bytes. */
export async function removeFile(context: StrapiContext, record: FileRecord, formats?: Parameters<typeof deleteFormats>[1]): Promise<boolean> {
  if (!(await context.store.deleteFile(record.id))) return false;
  await deleteFormats(context, formats ?? null);
  await deleteContent(context, record, 'deleted');
  return true;
}

async function replaceOrUpdate(context: StrapiContext, req: Parameters<Route['handle']>[0]['req'], res: Parameters<Route['handle']>[0]['res'], id: string, mountPath: string): Promise<void> {
  const contentType = req.headers['content-type'] ?? '';
  const updated = contentType.startsWith('multipart/') ? await replaceStrapiFile(context, req, id) : await updateFileInfo(context, req, id);
  sendJson(res, 200, toStrapiJson(context, updated, mountPath));
}

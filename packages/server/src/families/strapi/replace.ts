import type { IncomingMessage } from 'node:http';
import { authorizeRequest } from '../../auth/access.js';
import { safeFileName } from '../../files/safe-name.js';
import type { StrapiContext } from './strapi-context.js';
import { deleteContent } from '../../files/delete-content.js';
import { prepareContent, writeContent, type WrittenContent } from '../../files/write-content.js';
import { deleteFormats, makeFormats } from './formats/make-formats.js';
import { HttpError } from '../../http/http-status.js';
import { parseMultipart } from '../../http/multipart.js';
import type { StrapiFile } from './store/strapi-store.js';
import { extOf, makeHash, parseFileInfo, type FileInfo } from './form.js';
import { strapiBucket } from './upload.js';

/** The uploaded file with Strapi id `id`. @throws `HttpError` 404 (400 for an id that is not a number). */
export async function loadStrapiFile(context: StrapiContext, id: string): Promise<StrapiFile> {
  if (!/^[1-9][0-9]{0,15}$/.test(id)) throw new HttpError('INVALID_INPUT', `Invalid id: "${id.slice(0, 40)}" is not a file id (a positive integer)`);
  const file = await context.strapi.store.get(Number(id));
  if (file === undefined) throw new HttpError('NOT_FOUND', 'File not found', { id: Number(id) });
  return file;
}

function singleInfo(value: string): FileInfo {
  const list = parseFileInfo(value);
  if (list.length !== 1) throw new HttpError('INVALID_INPUT', 'Invalid fileInfo: one object for the file being updated');
  return list[0] as FileInfo;
}

async function applyInfo(context: StrapiContext, file: StrapiFile, info: FileInfo): Promise<void> {
  if (info.name !== undefined) await context.store.updateFile(file.file.id, { name: safeFileName(info.name, 'fileInfo.name') });
  const patch: { alternativeText?: string | null; caption?: string | null } = {};
  if (info.alternativeText !== undefined) patch.alternativeText = info.alternativeText;
  if (info.caption !== undefined) patch.caption = info.caption;
  await context.strapi.store.update(file.id, patch);
}

/** `POST /upload?id=X` without a file: updates `fileInfo` (a form field, or a JSON body `{ fileInfo }`). */
export async function updateFileInfo(context: StrapiContext, req: IncomingMessage, id: string): Promise<StrapiFile> {
  const file = await loadStrapiFile(context, id);
  await authorizeRequest(context, req, 'replace', file.file.bucketId, file.file);
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > context.config.limits.fieldSize) throw new HttpError('TOO_LARGE', `Invalid body: fileInfo must be at most ${context.config.limits.fieldSize} bytes`);
    chunks.push(chunk);
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  } catch {
    throw new HttpError('INVALID_INPUT', 'Invalid body: expected JSON { "fileInfo": { name, alternativeText, caption } } or a multipart form');
  }
  const raw = (body as { fileInfo?: unknown } | null)?.fileInfo;
  if (raw === undefined) throw new HttpError('INVALID_INPUT', 'Files are empty');
  await applyInfo(context, file, singleInfo(typeof raw === 'string' ? raw : JSON.stringify(raw)));
  return loadStrapiFile(context, id);
}

/**
 * `POST /upload?id=X` with a multipart body: `fileInfo` alone updates the file's info; a file in `files`
 * replaces its bytes. New bytes (and formats) go under a new hash; the record switches to them only once
 * they are stored, and only then are the old bytes and formats removed.
 */
export async function replaceStrapiFile(context: StrapiContext, req: IncomingMessage, id: string): Promise<StrapiFile> {
  const file = await loadStrapiFile(context, id);
  await authorizeRequest(context, req, 'replace', file.file.bucketId, file.file);
  const bucket = await strapiBucket(context);
  const prefix = file.folderPath === '/' ? '' : `${file.folderPath.slice(1)}/`;
  let info: FileInfo = {};
  let written: (WrittenContent & { storageKey: string; hash: string; ext: string; filename: string }) | undefined;
  let switched = false;
  const parts = parseMultipart(req, { ...context.config.limits, files: 1 });
  try {
    for await (const part of parts) {
      if (part.kind === 'field') {
        if (part.name === 'fileInfo') info = singleInfo(part.value);
        continue;
      }
      if (part.name !== 'files' && part.name !== 'files[]') {
        part.stream.resume();
        throw new HttpError('INVALID_INPUT', `Invalid field "${part.name}": the new content goes in "files"`);
      }
      const { body, mimeType } = await prepareContent(context, bucket, part, 'files');
      const filename = safeFileName(part.filename, 'files filename');
      const hash = makeHash(filename);
      const ext = extOf(filename);
      const storageKey = `${bucket.id}/${prefix}${hash}${ext}`;
      written = { ...(await writeContent(context, bucket, { body, mimeType, storageKey, field: 'files' })), storageKey, hash, ext, filename };
    }
    if (written === undefined) {
      await applyInfo(context, file, info);
      return await loadStrapiFile(context, id);
    }
    const record = await context.store.updateFile(
      file.file.id,
      { storageKey: written.storageKey, backend: written.backend, size: written.size, etag: written.etag, mimeType: written.mimeType, name: info.name ?? written.filename },
      file.file.version,
    );
    if (record === undefined) throw new HttpError('CONFLICT', `File ${file.id} was changed or deleted by another request meanwhile; nothing was replaced`, { id: file.id });
    switched = true;
    // The record already points at the new bytes: a format failure must not undo that, only be logged.
    const made = await makeFormats(context, record, { bucket, keyPrefix: `${bucket.id}/${prefix}`, hash: written.hash, ext: written.ext, uploadedByUserId: record.uploadedByUserId }, context.strapi.config).catch((error: unknown) => {
      context.logger.warn({ err: error, fileId: record.id }, 'could not make the formats of a replaced image');
      return { width: null, height: null, formats: null };
    });
    await context.strapi.store.update(file.id, { ...made, hash: written.hash, ext: written.ext });
    await applyInfo(context, file, { ...info, name: record.name });
    await deleteFormats(context, file.formats);
    await deleteContent(context, file.file, 'replaced');
    return await loadStrapiFile(context, id);
  } catch (error) {
    await parts.return?.();
    if (written !== undefined && !switched) await deleteContent(context, written, 'replacement abandoned');
    throw error;
  }
}

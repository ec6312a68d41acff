import { randomUUID } from 'node:crypto';
import { safeFileName } from '../../files/safe-name.js';
import type { StrapiContext } from './strapi-context.js';
import { deleteFormats, makeFormats } from './formats/make-formats.js';
import type { TeedOriginal } from './formats/tee-original.js';
import { HttpError } from '../../http/http-status.js';
import type { Bucket, FileRecord } from '../../store/records.js';
import type { StrapiFile, StrapiLink } from './store/strapi-store.js';
import type { FileInfo } from './form.js';

/** One file of a `POST /upload` whose bytes and record are stored. */
export interface StoredUpload {
  record: FileRecord;
  hash: string;
  ext: string;
  /** A copy of an image's bytes made as they streamed in, to make its formats from. */
  original?: TeedOriginal;
}

/** What the form of a `POST /upload` says about all its files. */
export interface UploadFacts {
  fileInfo: readonly FileInfo[];
  folder: { keyPrefix: string; folderPath: string };
  link: Partial<StrapiLink>;
}

/**
 * Strapi's rows, formats and links of freshly stored files. Resolves each file as
 * `context.strapi.store.get` would read it back right now, built from what was just written: reading
 * it again would cost a join and a links query per file.
 */
export async function completeUploads(context: StrapiContext, bucket: Bucket, stored: readonly StoredUpload[], form: UploadFacts, userId: string | null): Promise<StrapiFile[]> {
  const link = completeLink(form.link);
  const single = link !== undefined && isSingle(context, link);
  const files: StrapiFile[] = [];
  for (const [i, { record, hash, ext, original }] of stored.entries()) {
    const info = form.fileInfo[i] ?? {};
    const file = info.name === undefined ? record : ((await context.store.updateFile(record.id, { name: safeFileName(info.name, `fileInfo[${i}].name`) })) ?? record);
    const made = await makeFormats(context, file, { bucket, keyPrefix: `${bucket.id}/${form.folder.keyPrefix}`, hash, ext, uploadedByUserId: userId }, context.strapi.config, original?.path);
    const row = {
      documentId: randomUUID().replace(/-/g, '').slice(0, 24),
      alternativeText: info.alternativeText ?? null,
      caption: info.caption ?? null,
      ...made,
      hash,
      ext,
      folderPath: form.folder.folderPath,
      providerMetadata: null,
    };
    const sid = await context.strapi.store.insert({ fileId: record.id, ...row }).catch(async (error: unknown) => {
      await deleteFormats(context, made.formats);
      throw error;
    });
    if (link !== undefined) await context.strapi.store.link(sid, link, single);
    files.push({ id: sid, ...row, file, related: link === undefined ? [] : [{ ...link }] });
  }
  // A single field holds one file: linking each file unlinked the ones before it.
  if (single) for (const file of files.slice(0, -1)) file.related = [];
  return files;
}

/** `ref`, `refId` and `field` together, or none. @throws `HttpError` 400 for some without the others. */
export function completeLink(link: Partial<StrapiLink>): StrapiLink | undefined {
  const given = (['ref', 'refId', 'field'] as const).filter((k) => link[k] !== undefined && link[k] !== '');
  if (given.length === 0) return undefined;
  if (given.length < 3) throw new HttpError('INVALID_INPUT', `Invalid link: ref, refId and field go together; missing ${(['ref', 'refId', 'field'] as const).filter((k) => !given.includes(k)).join(', ')}`);
  return { ref: link.ref as string, refId: link.refId as string, field: link.field as string };
}

function isSingle(context: StrapiContext, link: StrapiLink): boolean {
  return context.strapi.config.fields[`${link.ref}.${link.field}`] === 'single';
}

import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { supports } from '@stowage/core';
import type { StowageContext } from '../../../context.js';
import { createFile } from '../../../files/create-file.js';
import { deleteContent } from '../../../files/delete-content.js';
import type { Bucket, FileRecord } from '../../../store/records.js';
import type { StrapiFormat } from '../store/strapi-store.js';
import { planFormats, probeImage, resizeStream, type ResizeOptions } from './resize.js';

/** What {@link makeFormats} learnt and made. */
export interface MadeFormats {
  width: number | null;
  height: number | null;
  formats: Record<string, StrapiFormat> | null;
}

/** Where a format's bytes and record go, from the original's. */
export interface FormatTarget {
  bucket: Bucket;
  /** The key prefix of the original's folder (`<bucket>/<path>/`). */
  keyPrefix: string;
  hash: string;
  ext: string;
  uploadedByUserId: string | null;
}

const NONE: MadeFormats = { width: null, height: null, formats: null };

/**
 * Strapi's responsive formats of an uploaded image, from `teed` (the copy written as the upload streamed,
 * see tee-original.ts) or else from the stored original read back through the provider into a temporary
 * file (streamed, never held in memory). libvips reads that file sequentially for each format, so
 * memory does not grow with the image's size. Each format is a file
 * record of its own with its own bytes in the provider. Non-images (and providers that cannot read)
 * get no formats and no dimensions.
 */
export async function makeFormats(context: StowageContext, original: FileRecord, target: FormatTarget, options: ResizeOptions, teed?: string): Promise<MadeFormats> {
  if (!isFormatSource(original.mimeType)) return NONE;
  const provider = context.backends.find(original.backend)?.provider;
  const canRead = provider !== undefined && supports(provider, 'read');
  if (teed === undefined && !canRead) return NONE;
  const dir = await mkdtemp(join(tmpdir(), 'stowage-formats-'));
  const made: FileRecord[] = [];
  try {
    const path = teed ?? join(dir, `original${target.ext.replace(/[^a-z0-9.]/gi, '')}`);
    if (teed === undefined && canRead) {
      const read = await provider.read(original.storageKey);
      await pipeline(read.body, createWriteStream(path));
    }
    const image = await probeImage(path, options.autoOrientation);
    if (image === undefined) return NONE;
    const formats: Record<string, StrapiFormat> = {};
    for (const plan of planFormats(image, options)) {
      const { stream, info } = await resizeStream(path, image, plan, options);
      const hash = `${plan.name}_${target.hash}`;
      const record = await createFile(context, {
        bucket: target.bucket,
        // A replacement makes new formats before the old ones go: ids must not collide.
        id: `${original.id}-${plan.name}-${randomBytes(4).toString('hex')}`,
        name: `${plan.name}_${original.name}`,
        metadata: null,
        uploadedByUserId: target.uploadedByUserId,
        part: { stream, mimeType: original.mimeType },
        field: `formats.${plan.name}`,
        storageKey: `${target.keyPrefix}${hash}${target.ext}`,
      });
      made.push(record);
      const size = await info;
      formats[plan.name] = { fileId: record.id, name: record.name, hash, ext: target.ext, mime: record.mimeType, width: size.width, height: size.height, sizeInBytes: record.size };
    }
    return { width: image.width, height: image.height, formats: Object.keys(formats).length === 0 ? null : formats };
  } catch (error) {
    // Formats are all or nothing: a half-made set is removed with its bytes.
    await deleteFormatRecords(context, made);
    throw error;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Whether formats are made of a file of this MIME type (images, SVG excepted). */
export function isFormatSource(mimeType: string): boolean {
  return mimeType.startsWith('image/') && mimeType !== 'image/svg+xml';
}

/** Deletes formats' records, then their bytes. */
export async function deleteFormats(context: StowageContext, formats: Record<string, StrapiFormat> | null): Promise<void> {
  const records: FileRecord[] = [];
  for (const format of Object.values(formats ?? {})) {
    const record = await context.store.getFile(format.fileId);
    if (record !== undefined) records.push(record);
  }
  await deleteFormatRecords(context, records);
}

async function deleteFormatRecords(context: StowageContext, records: readonly FileRecord[]): Promise<void> {
  for (const record of records) {
    if (await context.store.deleteFile(record.id)) await deleteContent(context, record, 'format of a deleted or replaced file');
  }
}

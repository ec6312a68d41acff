import type { StowageContext } from '../../context.js';
import type { StrapiFile, StrapiFormat } from './store/strapi-store.js';

/** Bytes as Strapi's `size`: kilobytes (of 1000 bytes), two decimals. */
export function bytesToKbytes(bytes: number): number {
  return Math.round((bytes / 1000) * 100) / 100;
}

/** Strapi's file object as the `/upload` routes answer it. */
export interface StrapiFileJson {
  id: number;
  documentId: string;
  name: string;
  alternativeText: string | null;
  caption: string | null;
  width: number | null;
  height: number | null;
  formats: Record<string, Omit<StrapiFormat, 'fileId'> & { path: null; size: number; url: string }> | null;
  hash: string;
  ext: string;
  mime: string;
  size: number;
  url: string;
  previewUrl: null;
  provider: string;
  provider_metadata: Record<string, unknown> | null;
  folderPath: string;
  createdAt: string;
  updatedAt: string;
  related?: { ref: string; refId: string; field: string }[];
}

/**
 * Where a file is downloaded: the files API's `GET /v1/files/{id}` (with its ranges, conditional
 * requests and auth), under `publicUrl` when configured, else relative to this server's mount path.
 */
export function fileUrl(context: StowageContext, mountPath: string, fileId: string): string {
  const base = (context.config.publicUrl ?? '').replace(/\/+$/, '');
  return `${base}${mountPath}/v1/files/${encodeURIComponent(fileId)}`;
}

export function toStrapiJson(context: StowageContext, file: StrapiFile, mountPath: string): StrapiFileJson {
  const formats =
    file.formats === null
      ? null
      : Object.fromEntries(
          Object.entries(file.formats).map(([name, { fileId, ...format }]) => [name, { ...format, path: null, size: bytesToKbytes(format.sizeInBytes), url: fileUrl(context, mountPath, fileId) }]),
        );
  return {
    id: file.id,
    documentId: file.documentId,
    name: file.file.name,
    alternativeText: file.alternativeText,
    caption: file.caption,
    width: file.width,
    height: file.height,
    formats,
    hash: file.hash,
    ext: file.ext,
    mime: file.file.mimeType,
    size: bytesToKbytes(file.file.size),
    url: fileUrl(context, mountPath, file.file.id),
    previewUrl: null,
    // Strapi names the provider that holds each file; a bucket's own one no longer configured keeps its bucket's name.
    provider: context.backends.find(file.file.backend)?.provider.name ?? `buckets.${file.file.backend ?? ''}.provider`,
    provider_metadata: file.providerMetadata,
    folderPath: file.folderPath,
    createdAt: file.file.createdAt,
    updatedAt: file.file.updatedAt,
    ...(file.related.length === 0 ? {} : { related: file.related }),
  };
}

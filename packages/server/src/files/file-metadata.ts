import type { FileRecord } from '../store/records.js';

/** A file record as Nhost's `FileMetadata`. */
export interface FileMetadataJson {
  id: string;
  name: string;
  size: number;
  bucketId: string;
  etag: string;
  createdAt: string;
  updatedAt: string;
  isUploaded: boolean;
  mimeType: string;
  uploadedByUserId: string | null;
  metadata: Record<string, unknown> | null;
}

export function toFileMetadata(record: FileRecord): FileMetadataJson {
  return {
    id: record.id,
    name: record.name,
    size: record.size,
    bucketId: record.bucketId,
    etag: record.etag,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    isUploaded: record.isUploaded,
    mimeType: record.mimeType,
    uploadedByUserId: record.uploadedByUserId,
    metadata: record.metadata,
  };
}

/** Nhost's `FileSummary`, for the admin endpoints. */
export function toFileSummary(record: FileRecord): { id: string; name: string; bucketId: string; isUploaded: boolean } {
  return { id: record.id, name: record.name, bucketId: record.bucketId, isUploaded: record.isUploaded };
}

import type { FormShape } from './client.js';

/** Where a target stands in the comparison. */
export type Group = 'ceiling' | 'peer' | 'stowage' | 's3';

/** One thing measured: a server driven over HTTP, or (for S3) a direct uploader. */
export interface Target {
  id: string;
  label: string;
  group: Group;
  /** The child's server id (several targets may share one server). */
  server: string;
  /** How to POST to it; absent for an uploader child and for tus. */
  form?: FormShape;
  /** Uploads with the tus protocol instead: a creation, then PATCHes of `chunkSize` bytes in turn. */
  tus?: { path: string; chunkSize: number };
  /** Needs the test S3 server. */
  s3?: boolean;
  /** Why it is left out of the big-file scenarios above this size. */
  maxBigSize?: { bytes: number; reason: string };
  /** Checks the answer describes the file stored. */
  verify?: (body: string, size: number) => void;
}

const form = (path: string, fieldName = 'file'): FormShape => ({ path, fieldName });

function verifyNhost(body: string, size: number): void {
  const files = (JSON.parse(body) as { processedFiles?: { size?: number; isUploaded?: boolean }[] }).processedFiles;
  const file = files?.[0];
  if (files?.length !== 1 || file?.size !== size || file.isUploaded !== true) throw new Error(`unexpected answer: ${body.slice(0, 300)}`);
}

/** Every target, in report order. */
export const TARGETS: readonly Target[] = [
  { id: 'discard', label: 'raw Node, discard (client ceiling)', group: 'ceiling', server: 'discard', form: form('/') },
  { id: 'raw-file-default', label: 'raw Node → file, default write buffer', group: 'ceiling', server: 'raw-file-default', form: form('/') },
  { id: 'raw-file-8mib', label: 'raw Node → file, 8 MiB write buffer (reference)', group: 'ceiling', server: 'raw-file-8mib', form: form('/') },
  { id: 'busboy-file', label: 'busboy → file, 8 MiB write buffer', group: 'ceiling', server: 'busboy-file', form: form('/') },
  {
    id: 'multer-memory',
    label: 'express + multer (memory)',
    group: 'peer',
    server: 'multer-memory',
    form: form('/upload'),
    maxBigSize: { bytes: 1024 ** 3, reason: 'holds the whole file in one Buffer: a 4 GiB file needs over 8 GiB of RAM' },
  },
  { id: 'multer-disk', label: 'express + multer (disk)', group: 'peer', server: 'multer-disk', form: form('/upload') },
  { id: 'fastify-multipart', label: 'fastify + @fastify/multipart', group: 'peer', server: 'fastify-multipart', form: form('/upload') },
  { id: 'strapi-local', label: 'busboy + @strapi/provider-upload-local', group: 'peer', server: 'strapi-local', form: form('/upload') },
  { id: 'stowage-upload', label: 'Stowage POST /upload (local)', group: 'stowage', server: 'stowage-local', form: form('/upload', 'files') },
  {
    id: 'stowage-files',
    label: 'Stowage POST /v1/files (local defaults + SQLite)',
    group: 'stowage',
    server: 'stowage-local',
    form: { path: '/v1/files', fieldName: 'file[]', fields: [['bucket-id', 'default']] },
    verify: verifyNhost,
  },
  {
    id: 'stowage-tus',
    label: 'Stowage tus /v1/files/tus, 8 MiB PATCHes (local defaults + SQLite)',
    group: 'stowage',
    server: 'stowage-local',
    tus: { path: '/v1/files/tus', chunkSize: 8 * 1024 * 1024 },
  },
  {
    id: 'stowage-files-nofsync',
    label: 'Stowage POST /v1/files (local fsync: false + SQLite)',
    group: 'stowage',
    server: 'stowage-local-nofsync',
    form: { path: '/v1/files', fieldName: 'file[]', fields: [['bucket-id', 'default']] },
    verify: verifyNhost,
  },
  {
    id: 'stowage-s3',
    label: 'Stowage POST /v1/files (aws-s3 → Ceph + SQLite)',
    group: 's3',
    server: 'stowage-s3',
    s3: true,
    form: { path: '/v1/files', fieldName: 'file[]', fields: [['bucket-id', 'default']] },
    verify: verifyNhost,
    maxBigSize: { bytes: 1024 ** 3, reason: 'the test S3 server keeps objects in RAM' },
  },
  {
    id: 'lib-storage-s3',
    label: '@aws-sdk/lib-storage Upload → Ceph (direct)',
    group: 's3',
    server: 'lib-storage-s3',
    s3: true,
    maxBigSize: { bytes: 1024 ** 3, reason: 'the test S3 server keeps objects in RAM' },
  },
];

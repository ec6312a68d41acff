import type { IncomingMessage } from 'node:http';
import { Server } from '@tus/server';
import type { StowageContext } from '../../context.js';
import { sizeBounds } from '../../files/bucket-rules.js';
import { toFileMetadata } from '../../files/file-metadata.js';
import { describeError } from '../../http/http-status.js';
import { CHECKSUM_ALGORITHMS, parseUploadChecksum } from './checksum.js';
import { authorizeContinuation, createUploadRecord } from './create-upload.js';
import type { TusDataStore } from './tus-datastore.js';

/** The header of the answer that completes an upload: the file's metadata as `POST /v1/files` answers it, as JSON. */
export const FILE_HEADER = 'Stowage-File';
export const TUS_PATH = '/v1/files/tus';

/** The mount path of each request in flight, for the `Location` of a new upload. */
export const mountPaths = new WeakMap<IncomingMessage, string>();

/** The Node request behind @tus/server's web request. */
function nodeRequest(req: unknown): IncomingMessage {
  const web = req as { runtime?: { node?: { req?: IncomingMessage } }; node?: { req?: IncomingMessage } };
  const node = web.runtime?.node?.req ?? web.node?.req;
  if (node === undefined) throw new Error('@tus/server gave no Node request');
  return node;
}

/**
 * The tus 1.0 server (`@tus/server`, the protocol's reference implementation) with Stowage's rules: a
 * creation is checked and recorded before a byte is accepted, every later request is the creator's,
 * checksums are verified per PATCH, and the answer that completes an upload carries the file.
 */
export function createTusServer(context: StowageContext, store: TusDataStore): Server {
  return new Server({
    path: TUS_PATH,
    datastore: store,
    // Bucket bounds of a known length are checked at creation with a clear message; this caps a deferred one.
    async maxSize(_req, id) {
      const record = id === null ? undefined : await context.store.getFile(id);
      const bucket = record === undefined ? undefined : await context.store.getBucket(record.bucketId);
      return bucket === undefined ? context.config.sizeLimit : sizeBounds(bucket, context.config).max;
    },
    async namingFunction(req, metadata) {
      const length = req.headers.get('upload-length');
      return createUploadRecord(context, nodeRequest(req), metadata, length === null ? undefined : Number(length));
    },
    generateUrl(req, { proto, host, path, id }) {
      const base = context.config.publicUrl?.replace(/\/+$/, '') ?? `${proto}://${host}`;
      return `${base}${mountPaths.get(nodeRequest(req)) ?? ''}${path}/${encodeURIComponent(id)}`;
    },
    async onIncomingRequest(req, id) {
      if (req.method !== 'POST') await authorizeContinuation(context, nodeRequest(req), id);
      const checksum = parseUploadChecksum(req.headers.get('upload-checksum'));
      if (checksum === undefined) store.checksums.delete(id);
      else store.checksums.set(id, checksum);
    },
    async onUploadFinish(_req, upload) {
      const record = await store.finish(upload.id);
      store.committed.delete(upload.id);
      // Header values are ASCII: JSON with every other character escaped still parses as the same JSON.
      const json = JSON.stringify(toFileMetadata(record)).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
      return { headers: { [FILE_HEADER]: json } };
    },
    async onResponseError(_req, error) {
      if ('status_code' in error && typeof error.status_code === 'number') return undefined;
      const described = describeError(error);
      if (described.status >= 500) context.logger.error({ err: error, family: 'tus' }, 'tus request failed');
      return { status_code: described.status, body: `${described.message}\n` };
    },
    exposedHeaders: [FILE_HEADER, 'Tus-Checksum-Algorithm'],
  });
}

/** The `checksum` extension's algorithm list, which @tus/server's OPTIONS answer leaves to the datastore's owner. */
export const CHECKSUM_HEADER = { 'Tus-Checksum-Algorithm': CHECKSUM_ALGORITHMS.join(',') };

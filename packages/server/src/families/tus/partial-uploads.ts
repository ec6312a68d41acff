import { Readable } from 'node:stream';
import { supports, type ResumableCapability, type ResumableHandle } from '@stowage/core';
import type { StowageContext } from '../../context.js';
import { sizeBounds } from '../../files/bucket-rules.js';
import { clientError, prepareContent, storedFields } from '../../files/write-content.js';
import type { Bucket, FileRecord } from '../../store/records.js';
import { ChunkDigest, CHECKSUM_MISMATCH, type ExpectedChecksum } from './checksum.js';
import { StagedResumable } from './staged-resumable.js';
import type { TusStore } from './tus-store.js';

/**
 * Where unfinished uploads' bytes are kept: through the bucket's provider when it declares `resumable`
 * (S3 multipart parts, Azure staged blocks, GCS part objects, a local append file: any instance can go
 * on), else in the staging directory ({@link StagedResumable}). The handle that resumes an upload is in
 * the shared database, with the offset it reached.
 */
export class PartialUploads {
  readonly #staged = new Map<string | null, StagedResumable>();

  constructor(
    readonly context: StowageContext,
    readonly tus: TusStore,
    readonly stagingDir: string,
  ) {}

  /** The resumable capability that keeps `record`'s partial bytes. */
  for(record: FileRecord): ResumableCapability {
    const { provider } = this.context.backends.get(record.backend);
    if (supports(provider, 'resumable')) return provider;
    let staged = this.#staged.get(record.backend);
    if (staged === undefined) this.#staged.set(record.backend, (staged = new StagedResumable(provider, this.stagingDir)));
    return staged;
  }

  /**
   * Starts keeping an upload at its first bytes: the MIME type is decided from them (and checked against
   * the bucket) as `POST /v1/files` does, and the object is started with it. Answers the body to append.
   * @throws `HttpError` 415/403 for content the bucket refuses.
   */
  async start(record: FileRecord, bucket: Bucket, body: Readable): Promise<{ handle: ResumableHandle; body: Readable }> {
    const prepared = await prepareContent(this.context, bucket, { stream: body, mimeType: record.mimeType }, 'file');
    const handle = await this.for(record).createResumable(record.storageKey, { contentType: prepared.mimeType, ...storedFields(this.context, bucket) });
    await this.tus.setProgress(record.id, handle);
    return { handle, body: prepared.body };
  }

  /**
   * Appends one PATCH body at `handle`, under the bucket's size bound, and checks its `Upload-Checksum`.
   * Answers the next handle, which the caller records; on a mismatch nothing is recorded, so the offset
   * stays where it was.
   * @throws tus's 460 for a checksum mismatch; `HttpError` 413 past the bound; the provider's error.
   */
  async append(record: FileRecord, bucket: Bucket, handle: ResumableHandle, body: Readable, expected: ExpectedChecksum | undefined): Promise<ResumableHandle> {
    const bounds = sizeBounds(bucket, this.context.config);
    const digest = new ChunkDigest(expected);
    const next = await this.for(record)
      .appendResumable(handle, Readable.from(hashed(body, digest)), { maxSize: bounds.max, onChunk: (n) => this.context.buffers.received(n) })
      .catch((error: unknown) => {
        body.destroy();
        throw clientError(error, 'file', bounds);
      });
    if (expected !== undefined && digest.digest() !== expected.digest) throw CHECKSUM_MISMATCH;
    return next;
  }

  /** Drops an upload's partial bytes (when it has any) and its state; its file record is the caller's. */
  async discard(record: FileRecord | undefined, handle: ResumableHandle | undefined): Promise<void> {
    if (record !== undefined && handle !== undefined) {
      await this.for(record)
        .abortResumable(handle)
        .catch((error: unknown) => this.context.logger.warn({ err: error, family: 'tus', id: record.id }, 'dropping the parts of an upload failed'));
    }
    if (record !== undefined) await this.tus.remove(record.id);
  }
}

async function* hashed(body: AsyncIterable<Buffer>, digest: ChunkDigest): AsyncIterable<Buffer> {
  for await (const chunk of body) {
    digest.update(chunk);
    yield chunk;
  }
}

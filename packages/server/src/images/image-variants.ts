import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StowageError, supports } from '@stowage/core';
import type { StowageContext } from '../context.js';
import type { ServedVariant } from '../files/serve-file.js';
import { HttpError } from '../http/http-status.js';
import type { Bucket, FileRecord } from '../store/records.js';
import { imageRulesFor, type ImagesConfig } from './image-config.js';
import { OUTPUT_MIME, outputFormat, sourceFormat } from './negotiate.js';
import { renderVariant, type RenderPlan } from './render-variant.js';
import { TransformQueue } from './transform-queue.js';
import { canonicalTransform, parseTransform, TRANSFORM_PARAMS } from './transform-params.js';
import { VariantStore, type StoredVariant } from './variant-store.js';

/** What a download answers: the original, or one of its variants; and whether `Accept` chose it. */
export interface VariantAnswer {
  variant?: ServedVariant;
  varyAccept: boolean;
}

/**
 * Image transforms on download: parses Nhost's `w`, `h`, `q`, `b`, `f`, reuses a kept variant or makes
 * one (in the transform queue, once per variant in this process), keeps it through the file's backend,
 * and removes a file's variants with its bytes.
 */
export class ImageVariants {
  readonly #store: VariantStore;
  readonly #queue: TransformQueue;
  readonly #making = new Map<string, Promise<StoredVariant>>();
  /** Counts since start, for metrics and tests: variants made (decoded), and kept ones reused. */
  readonly counts = { made: 0, reused: 0 };

  constructor(store: VariantStore, config: ImagesConfig) {
    this.#store = store;
    this.#queue = new TransformQueue(config);
  }

  /** Transforms running and waiting now. */
  get load(): { running: number; waiting: number } {
    return this.#queue.load;
  }

  /**
   * The answer to a download of `file` with `query`; `{ varyAccept: false }` alone (the original)
   * when the query asks for no transform.
   * @throws `HttpError` 400 for invalid parameters or a non-image, 403 where the bucket turns transforms
   *   off, 413 / 415 for an original that cannot be transformed, 503 when the queue is full.
   */
  async answer(context: StowageContext, file: FileRecord, bucket: Bucket, query: URLSearchParams, accept: string | undefined): Promise<VariantAnswer> {
    const rules = imageRulesFor(context.config.images, context.config.buckets[bucket.id]);
    const params = parseTransform(query, rules);
    if (params === undefined) return { varyAccept: false };
    if (!rules.enabled) throw new HttpError('ACCESS_DENIED', `Image transforms are disabled for bucket "${bucket.id}" (images.enabled)`, { bucketId: bucket.id });
    const source = sourceFormat(file.mimeType);
    if (source === undefined) {
      const asked = TRANSFORM_PARAMS.filter((name) => query.has(name)).join(', ');
      throw new HttpError('INVALID_INPUT', `Invalid ${asked}: file "${file.id}" is ${file.mimeType}; transforms apply to JPEG, PNG, WebP, AVIF, GIF, TIFF and HEIF images`, { parameter: asked });
    }
    const format = outputFormat(params.f, source, accept);
    const varyAccept = params.f === 'auto';
    const canonical = canonicalTransform({ ...params, f: format });
    // Asking for the original's own encoding and nothing else is the original.
    if (format === source && canonical === `f=${format}`) return { varyAccept };
    const digest = (value: string) => createHash('sha256').update(value).digest('base64url').slice(0, 27);
    const storageKey = `${file.storageKey}.v-${digest(`${file.storageKey}\n${canonical}`)}`;
    let kept = await this.#store.get(storageKey);
    if (kept === undefined) {
      const plan: RenderPlan = { params, format, rules, label: `file "${file.id}"` };
      const etag = `"${digest(`${file.etag}\n${canonical}`)}"`;
      kept = await this.#makeOnce(storageKey, () => this.#queue.run(() => this.#make(context, file, storageKey, canonical, etag, plan)));
    } else {
      this.counts.reused += 1;
    }
    const name = file.name.replace(/(\.[A-Za-z0-9]{1,5})?$/, `.${format === 'jpeg' ? 'jpg' : format}`);
    return { variant: { storageKey, size: kept.size, etag: kept.etag, mimeType: kept.mimeType, name }, varyAccept };
  }

  /**
   * The transform `query` asks of a file in `bucket`, canonical (`w=800&f=auto`), for a signed link to
   * carry and cover; '' when it asks none.
   * @throws `HttpError` 400 for invalid parameters.
   */
  linkTransform(context: StowageContext, bucket: Bucket, query: URLSearchParams): string {
    const params = parseTransform(query, imageRulesFor(context.config.images, context.config.buckets[bucket.id]));
    return params === undefined ? '' : canonicalTransform(params);
  }

  /** Removes the variants made of the bytes at `at` (its bytes are going). Best effort, as `deleteContent`. */
  async removeOf(context: StowageContext, at: Pick<FileRecord, 'storageKey' | 'backend'>): Promise<void> {
    for (const storageKey of await this.#store.ofSource(at.storageKey, at.backend)) {
      try {
        await context.backends.get(at.backend).provider.delete(storageKey);
        await this.#store.delete(storageKey);
      } catch (error) {
        context.logger.warn({ err: error, storageKey }, 'could not delete an image variant; it stays until the next try');
      }
    }
  }

  #makeOnce(storageKey: string, make: () => Promise<StoredVariant>): Promise<StoredVariant> {
    let making = this.#making.get(storageKey);
    if (making === undefined) {
      making = make().finally(() => this.#making.delete(storageKey));
      this.#making.set(storageKey, making);
    }
    return making;
  }

  async #make(context: StowageContext, file: FileRecord, storageKey: string, params: string, etag: string, plan: RenderPlan): Promise<StoredVariant> {
    const { provider } = context.backends.get(file.backend);
    if (!supports(provider, 'read')) throw new StowageError('UNSUPPORTED', `Provider "${provider.name}" cannot read files back, so its images cannot be transformed`);
    const dir = await mkdtemp(join(tmpdir(), 'stowage-image-'));
    try {
      const read = await provider.read(file.storageKey);
      const rendered = await renderVariant(read.body, dir, plan);
      const mimeType = OUTPUT_MIME[plan.format];
      await provider.upload({ key: storageKey, body: createReadStream(rendered.path), contentType: mimeType, size: rendered.size });
      const variant: StoredVariant = { storageKey, sourceKey: file.storageKey, backend: file.backend, params, size: rendered.size, mimeType, etag };
      await this.#store.insert(variant);
      this.counts.made += 1;
      // The original replaced or deleted meanwhile took its variants with it, but not this late one.
      if ((await context.store.getFile(file.id))?.storageKey !== file.storageKey) await this.removeOf(context, file);
      return variant;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { copyFile, mkdir, mkdtemp, open, readdir, readFile, rename, rm, stat as statFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Capability } from '../../capabilities.js';
import { isStowageError, StowageError } from '../../errors.js';
import { normalizeKey, normalizePrefix } from '../../keys.js';
import { listAll } from '../../list-all.js';
import type * as P from '../../provider.js';
import { checkMetadata } from '../../toolkit/metadata-rule.js';
import { resolveRange } from '../../toolkit/resolve-range.js';
import { toReadable } from '../../to-readable.js';
import { type MeteredInput, meterUpload } from '../../upload-meter.js';
import { ReferenceResumable } from './reference-resumable.js';
import { payloads, type ReferenceServer, referenceUrl, startReferenceServer } from './reference-server.js';

/** What one object's JSON sidecar holds; the bytes live in `blobs/<blob>`. */
export interface ObjectRecord {
  key: string;
  blob: string;
  size: number;
  contentType: string;
  sha256: string;
  lastModified: string;
  metadata: Record<string, string>;
  cacheControl?: string;
  contentDisposition?: string;
}

type Everything = P.Provider & P.ReadCapability & P.StatCapability & P.SignedUrlCapability & P.SignedUploadCapability & P.CopyCapability & P.ListCapability & P.ExistsCapability & P.CheckCapability & P.CloseCapability & P.ResumableCapability;

const enoent = (error: unknown) => (error as NodeJS.ErrnoException)?.code === 'ENOENT';

/**
 * A correct, complete provider over a directory, for the kit's self-test only. Layout: `meta/<sha256 of
 * key>.json` (the commit point, replaced by rename) points at an immutable `blobs/<id>`; uploads stream
 * into a new blob through `meterUpload`, so a failed one never touches the sidecar. Signed URLs are
 * HMAC-signed and served by `reference-server.ts` on 127.0.0.1 (`listen()`). The protected methods are the
 * seams `broken-providers.ts` overrides, one fault each.
 */
export class ReferenceProvider implements Everything {
  readonly name: string = 'reference';
  readonly capabilities: ReadonlySet<Capability> = new Set<Capability>(['read', 'stat', 'signedUrl', 'signedUpload', 'copy', 'list', 'exists', 'check', 'close', 'resumable']);
  readonly root: string;
  #secret = randomBytes(32);
  #server: ReferenceServer | undefined;
  #baseUrl = 'http://127.0.0.1:0';
  /** Resumable uploads (see `reference-resumable.ts`); broken variants put a faulty one here. */
  protected readonly parts: ReferenceResumable = new ReferenceResumable(this);

  constructor(root: string) {
    this.root = root;
  }

  /** A provider over a fresh temporary directory, its URL server listening. */
  static async start<T extends ReferenceProvider>(this: new (root: string) => T): Promise<T> {
    const root = await mkdtemp(join(tmpdir(), 'stowage-reference-'));
    await Promise.all([mkdir(join(root, 'meta')), mkdir(join(root, 'blobs'))]);
    const provider = new this(root);
    await provider.listen();
    return provider;
  }

  /** Starts the signed-URL server on an ephemeral port of 127.0.0.1. */
  async listen(): Promise<void> {
    this.#server = await startReferenceServer(this);
    this.#baseUrl = this.#server.baseUrl;
  }

  // ---- seams -------------------------------------------------------------------------------------

  protected checkKey(key: unknown): string {
    return normalizeKey(key);
  }

  /** The whole input, as every provider hands it over; broken variants take one field out. */
  protected meterOptions(input: P.UploadInput, key: string): MeteredInput {
    return { ...input, key };
  }

  protected async writeBody(source: Readable, path: string, _input: P.UploadInput): Promise<void> {
    await pipeline(source, createWriteStream(path, { flags: 'wx' }));
  }

  /** A failed upload's blob: removed. */
  protected async discard(path: string, _key: string, _error: unknown, _input: P.UploadInput): Promise<void> {
    await rm(path, { force: true });
  }

  /** Core's metadata rule; the result is what gets stored. */
  protected storedMetadata(input: P.UploadInput, key: string): Record<string, string> {
    return checkMetadata(input.metadata, { key, provider: this.name });
  }

  /** Whether a signed URL's `exp` (Unix seconds) has passed. Public for the server. */
  isExpired(expires: number): boolean {
    return !(Date.now() / 1000 <= expires);
  }

  /** Whether `signature` is this provider's HMAC of `payload`. Public for the server. */
  verifySignature(payload: string, signature: string): boolean {
    const expected = this.sign(payload);
    return signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
  }

  protected matchesPrefix(key: string, prefix: string): boolean {
    return key.startsWith(prefix);
  }

  // ---- storage -----------------------------------------------------------------------------------

  protected metaPath(key: string): string {
    return join(this.root, 'meta', `${createHash('sha256').update(key).digest('hex')}.json`);
  }

  protected blobPath(blob: string): string {
    return join(this.root, 'blobs', blob);
  }

  protected async record(key: string): Promise<ObjectRecord | undefined> {
    try {
      return JSON.parse(await readFile(this.metaPath(key), 'utf8')) as ObjectRecord;
    } catch (error) {
      if (enoent(error)) return undefined;
      throw error;
    }
  }

  protected async mustRecord(key: string): Promise<ObjectRecord> {
    const record = await this.record(key);
    if (record === undefined) throw new StowageError('NOT_FOUND', `No object at "${key}"`, { key, provider: this.name });
    return record;
  }

  /** Points `record.key` at `record.blob` (atomic rename of the sidecar), then drops the blob it replaced. */
  protected async commit(record: ObjectRecord): Promise<void> {
    const previous = await this.record(record.key);
    const temp = `${this.metaPath(record.key)}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temp, JSON.stringify(record));
    await rename(temp, this.metaPath(record.key));
    if (previous) await rm(this.blobPath(previous.blob), { force: true });
  }

  protected newBlob = (): string => randomBytes(12).toString('hex');

  // ---- the contract ------------------------------------------------------------------------------

  async upload(input: P.UploadInput): Promise<P.UploadResult> {
    const key = this.checkKey(input.key);
    const metadata = this.storedMetadata(input, key);
    const meter = meterUpload(toReadable(input.body), this.meterOptions(input, key));
    const blob = this.newBlob();
    try {
      await this.writeBody(meter, this.blobPath(blob), input);
    } catch (error) {
      await this.discard(this.blobPath(blob), key, error, input);
      throw isStowageError(error) ? error : new StowageError('UNAVAILABLE', `Writing "${key}" failed`, { key, cause: error, provider: this.name });
    }
    const size = (await statFile(this.blobPath(blob))).size;
    const record: ObjectRecord = {
      key,
      blob,
      size,
      contentType: input.contentType ?? 'application/octet-stream',
      sha256: meter.sha256 ?? '',
      lastModified: new Date().toISOString(),
      metadata,
      ...(input.cacheControl === undefined ? {} : { cacheControl: input.cacheControl }),
      ...(input.contentDisposition === undefined ? {} : { contentDisposition: input.contentDisposition }),
    };
    await this.commit(record);
    return { key, size: meter.bytes, contentType: record.contentType, sha256: record.sha256, etag: record.sha256.slice(0, 32) };
  }

  async delete(key: string): Promise<void> {
    const checked = this.checkKey(key);
    const record = await this.record(checked);
    if (!record) return;
    await rm(this.metaPath(checked), { force: true });
    await rm(this.blobPath(record.blob), { force: true });
  }

  async read(key: string, options: P.ReadOptions = {}): Promise<P.ReadResult> {
    const checked = this.checkKey(key);
    // An overwrite may drop the blob between reading the sidecar and opening it: then read the new sidecar.
    for (let attempt = 0; ; attempt++) {
      const record = await this.mustRecord(checked);
      const span = options.range === undefined ? undefined : resolveRange(options.range, record.size, { key: checked, provider: this.name });
      const handle = await open(this.blobPath(record.blob)).catch((error: unknown) => {
        if (enoent(error) && attempt < 3) return undefined;
        throw enoent(error) ? new StowageError('NOT_FOUND', `No object at "${checked}"`, { key: checked }) : error;
      });
      if (handle === undefined) continue;
      const length = span ? span.end - span.start + 1 : record.size;
      const body = length === 0 ? (await handle.close(), toReadable(new Uint8Array(0))) : handle.createReadStream(span ?? {});
      return { body, contentLength: length, totalSize: record.size, ...(span ? { range: span } : {}), contentType: record.contentType, etag: record.sha256.slice(0, 32), lastModified: new Date(record.lastModified) };
    }
  }

  async stat(key: string): Promise<P.ObjectStat> {
    const r = await this.mustRecord(this.checkKey(key));
    return {
      key: r.key,
      size: r.size,
      contentType: r.contentType,
      etag: r.sha256.slice(0, 32),
      lastModified: new Date(r.lastModified),
      metadata: { ...r.metadata },
      sha256: r.sha256,
      ...(r.cacheControl === undefined ? {} : { cacheControl: r.cacheControl }),
      ...(r.contentDisposition === undefined ? {} : { contentDisposition: r.contentDisposition }),
    };
  }

  exists = async (key: string): Promise<boolean> => (await this.record(this.checkKey(key))) !== undefined;

  async copy(from: string, to: string): Promise<void> {
    const source = await this.mustRecord(this.checkKey(from));
    const target = this.checkKey(to);
    const blob = this.newBlob();
    await copyFile(this.blobPath(source.blob), this.blobPath(blob));
    await this.commit({ ...source, key: target, blob, lastModified: new Date().toISOString() });
  }

  async listPage(options: P.ListPageOptions = {}): Promise<P.ListPage> {
    const prefix = normalizePrefix(options.prefix);
    const pageSize = options.pageSize ?? 1000;
    const after = options.cursor === undefined ? undefined : Buffer.from(options.cursor, 'base64url');
    if (options.cursor !== undefined && (after === undefined || after.length === 0)) throw new StowageError('INVALID_INPUT', 'Invalid cursor');
    const records: ObjectRecord[] = [];
    for (const name of await readdir(join(this.root, 'meta'))) {
      if (!name.endsWith('.json')) continue;
      const record = JSON.parse(await readFile(join(this.root, 'meta', name), 'utf8').catch(() => 'null')) as ObjectRecord | null;
      if (record && this.matchesPrefix(record.key, prefix) && (!after || Buffer.compare(Buffer.from(record.key), after) > 0)) records.push(record);
    }
    records.sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)));
    const items = records.slice(0, pageSize).map((r) => ({ key: r.key, size: r.size, etag: r.sha256.slice(0, 32), lastModified: new Date(r.lastModified) }));
    const last = items.at(-1);
    return { items, ...(records.length > pageSize && last ? { cursor: Buffer.from(last.key).toString('base64url') } : {}) };
  }

  list(options: P.ListOptions = {}): AsyncIterable<P.ObjectSummary> {
    return listAll((o) => this.listPage(o), options);
  }

  createResumable = (key: string, options?: P.ResumableCreateOptions) => this.parts.create(key, options);
  appendResumable = (handle: P.ResumableHandle, body: P.UploadBody, options?: P.ResumableAppendOptions) => this.parts.append(handle, body, options);
  completeResumable = (handle: P.ResumableHandle, options?: P.ResumableCompleteOptions) => this.parts.complete(handle, options);
  abortResumable = (handle: P.ResumableHandle) => this.parts.abort(handle);

  async check(): Promise<void> {
    const usable = await statFile(join(this.root, 'meta')).then(() => true, () => false);
    if (!usable) throw new StowageError('INVALID_OPTIONS', `root: ${this.root} is not usable`);
  }

  async close(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    await server?.close();
  }

  /** Closes and removes the directory. */
  async destroy(): Promise<void> {
    await this.close();
    await rm(this.root, { recursive: true, force: true });
  }

  // ---- signed URLs ---------------------------------------------------------------------------------

  protected sign(payload: string): string {
    return createHmac('sha256', this.#secret).update(payload).digest('hex');
  }

  async signedUrl(key: string, options: P.SignedUrlOptions = {}): Promise<P.SignedUrl> {
    const checked = this.checkKey(key);
    const exp = Math.floor(Date.now() / 1000) + (options.expiresIn ?? 900);
    const rcd = options.contentDisposition ?? '';
    const sig = this.sign(payloads.read(checked, String(exp), rcd));
    return { url: referenceUrl(this.#baseUrl, 'o', checked, { exp: String(exp), ...(rcd ? { rcd } : {}), sig }), expiresAt: new Date(exp * 1000) };
  }

  async signedUpload(key: string, options: P.SignedUploadOptions): Promise<P.SignedUpload> {
    const checked = this.checkKey(key);
    const exp = Math.floor(Date.now() / 1000) + (options.expiresIn ?? 900);
    const ct = options.contentType ?? 'application/octet-stream';
    const sig = this.sign(payloads.upload(checked, String(exp), String(options.maxSize), ct));
    return {
      method: 'PUT',
      url: referenceUrl(this.#baseUrl, 'u', checked, { exp: String(exp), max: String(options.maxSize), ct, sig }),
      headers: { 'content-type': ct },
      fields: {},
      enforcesMaxSize: true,
      expiresAt: new Date(exp * 1000),
    };
  }
}

// The data that crosses the provider contract: what calls take and what they answer. The contract itself,
// the Provider interface and its capabilities, is in provider.ts.
import type { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

/**
 * What an upload reads from: a Node `Readable`, a web `ReadableStream`, or bytes already in memory.
 * Streams may be of unknown length; providers never collect them whole.
 */
export type UploadBody = Readable | WebReadableStream<Uint8Array> | ReadableStream<Uint8Array> | Uint8Array;

/** One upload. Only `key` and `body` are required. */
export interface UploadInput {
  /** The object key, relative to the provider's own prefix. Checked by `normalizeKey`. */
  key: string;
  /** The bytes to store. */
  body: UploadBody;
  /**
   * The MIME type stored with the object and served back on reads.
   * @default 'application/octet-stream'
   */
  contentType?: string;
  /** The exact length of `body`, when known. A body of another length fails with `INVALID_INPUT`. */
  size?: number;
  /** The largest body accepted; a larger one fails with `TOO_LARGE` while streaming, storing nothing. */
  maxSize?: number;
  /**
   * The smallest body accepted. A shorter one fails with `INVALID_INPUT` (its `details.minimum` is this
   * bound) before the body ends, storing nothing. More than `maxSize` or `size` fails with `INVALID_INPUT`
   * before a byte is read.
   */
  minSize?: number;
  /**
   * Called with each chunk's length as the provider reads it, before the chunk goes on to the backend:
   * for progress and buffer accounting. What it throws fails the upload (a `StowageError` as it is, anything
   * else as `ABORTED`), storing nothing.
   */
  onChunk?: (bytes: number) => void;
  /** A `Content-Disposition` stored with the object and served back on reads. */
  contentDisposition?: string;
  /** A `Cache-Control` stored with the object and served back on reads. */
  cacheControl?: string;
  /**
   * User metadata: lower-case ASCII names (`[a-z0-9-]`), string values. Round-trips through `stat`.
   * Values are stored as given; providers encode what their backend cannot carry raw.
   */
  metadata?: Record<string, string>;
  /** The expected SHA-256 of the body, as 64 hex digits. On a mismatch nothing is stored. */
  sha256?: string;
  /** Aborts the upload; nothing is left readable at the key. */
  signal?: AbortSignal;
}

/** What a finished upload reports. */
export interface UploadResult {
  /** The key, as normalized (without the provider's own prefix). */
  key: string;
  /** Bytes stored. */
  size: number;
  /** The MIME type stored. */
  contentType: string;
  /** The backend's entity tag, unquoted, when it has one. */
  etag?: string;
  /**
   * The SHA-256 of the stored bytes as 64 lower-case hex digits, computed while streaming (core's
   * `meterUpload` hands it over for free). Servers use it as the content's entity tag instead of hashing
   * the bytes a second time.
   */
  sha256: string;
  /** A public URL for the object, when the provider has a public base URL. */
  url?: string;
  /** Backend-specific facts (bucket, version id, generation…), serializable as JSON. */
  providerMetadata?: Record<string, unknown>;
}

/** Options shared by calls that can be cancelled. */
export interface CallOptions {
  /** Cancels the call; it then fails with `ABORTED`. */
  signal?: AbortSignal;
}

/**
 * A byte range, with HTTP's semantics: `end` is inclusive and clamped to the object's last byte;
 * `suffix` asks for the last `suffix` bytes (the whole object when it is shorter).
 */
export type ByteRange = { start: number; end?: number } | { suffix: number };

/** Options of {@link ReadCapability.read}. */
export interface ReadOptions extends CallOptions {
  /** Only these bytes. Unsatisfiable ranges fail with `INVALID_RANGE`. */
  range?: ByteRange;
}

/** An open read. Consume or destroy `body`, or its connection stays open. */
export interface ReadResult {
  /** The bytes, streamed. */
  body: Readable;
  /** How many bytes `body` yields. */
  contentLength: number;
  /** The whole object's size. */
  totalSize: number;
  /** The bytes served, inclusive, when a range was asked for. */
  range?: { start: number; end: number };
  /** The stored MIME type. */
  contentType: string;
  /** The entity tag, unquoted. */
  etag?: string;
  /** When the object was last written. */
  lastModified?: Date;
}

/** What `stat` knows of one object. */
export interface ObjectStat {
  /** The key, without the provider's own prefix. */
  key: string;
  /** Bytes. */
  size: number;
  /** The stored MIME type. */
  contentType: string;
  /** The entity tag, unquoted. */
  etag?: string;
  /** When the object was last written. */
  lastModified: Date;
  /** User metadata, as uploaded. */
  metadata: Record<string, string>;
  /** The stored `Cache-Control`. */
  cacheControl?: string;
  /** The stored `Content-Disposition`. */
  contentDisposition?: string;
  /** The SHA-256 recorded at upload, when the provider keeps it. */
  sha256?: string;
}

/** One entry of a listing. */
export interface ObjectSummary {
  /** The key, without the provider's own prefix. */
  key: string;
  /** Bytes. */
  size: number;
  /** The entity tag, unquoted. */
  etag?: string;
  /** When the object was last written. */
  lastModified?: Date;
}

/** Options of a listing. */
export interface ListOptions extends CallOptions {
  /** Only keys that start with this string (a plain string prefix, not a folder). */
  prefix?: string;
  /**
   * The most entries one page holds.
   * @default 1000
   */
  pageSize?: number;
}

/** Options of one page of a listing. */
export interface ListPageOptions extends ListOptions {
  /** The `cursor` of the previous page; absent for the first. */
  cursor?: string;
}

/** One page of a listing, in ascending key order. */
export interface ListPage {
  /** The entries. */
  items: ObjectSummary[];
  /** Pass to the next call for the following page; absent on the last page. */
  cursor?: string;
}

/** Options of {@link SignedUrlCapability.signedUrl}. */
export interface SignedUrlOptions {
  /**
   * Seconds until the URL stops working.
   * @default 900
   */
  expiresIn?: number;
  /** A `Content-Disposition` the URL's response carries instead of the stored one. */
  contentDisposition?: string;
}

/** An expiring URL. */
export interface SignedUrl {
  /** The URL. */
  url: string;
  /** When it stops working. */
  expiresAt: Date;
}

/** Options of {@link SignedUploadCapability.signedUpload}. */
export interface SignedUploadOptions {
  /**
   * Seconds until the upload URL stops working.
   * @default 900
   */
  expiresIn?: number;
  /** The largest body the backend should accept. Enforced where `enforcesMaxSize` says so. */
  maxSize: number;
  /** The MIME type the object is stored with. */
  contentType?: string;
}

/**
 * How a client uploads straight to storage. For `PUT`, send the bytes as the body with `headers`.
 * For `POST`, send `multipart/form-data` with every entry of `fields` first, then the file in `fileField`.
 */
export interface SignedUpload {
  /** The HTTP method to use. */
  method: 'PUT' | 'POST';
  /** Where to send it. */
  url: string;
  /** Headers the client must send (a PUT's `Content-Type`, Azure's `x-ms-blob-type`…). */
  headers: Record<string, string>;
  /** Form fields to send before the file (POST only). */
  fields: Record<string, string>;
  /** The form field that carries the file (POST only). */
  fileField?: string;
  /** Whether the backend itself refuses bodies over `maxSize`. */
  enforcesMaxSize: boolean;
  /** When the upload URL stops working. */
  expiresAt: Date;
}

/**
 * A resumable upload in progress, as {@link ResumableCapability.createResumable} and each
 * `appendResumable` answer it. Plain JSON: keep the latest one (in a database) and hand it back in a later
 * request, another process or after a restart. An earlier handle stays valid: appending at it drops what
 * later appends wrote, so a handle whose successor was never saved is still a safe place to resume from.
 */
export interface ResumableHandle {
  /** The key the object is stored at on completion, normalized. */
  key: string;
  /** Bytes received and made durable so far: where the next append starts. */
  offset: number;
  /** The provider's own state (upload id, parts, digest so far). Opaque; JSON-serializable. */
  state: Record<string, unknown>;
}

/** Options of {@link ResumableCapability.createResumable}: what the object is stored with on completion. */
export interface ResumableCreateOptions extends CallOptions {
  /**
   * The MIME type stored with the object.
   * @default 'application/octet-stream'
   */
  contentType?: string;
  /** A `Content-Disposition` stored with the object. */
  contentDisposition?: string;
  /** A `Cache-Control` stored with the object. */
  cacheControl?: string;
  /** User metadata, by the same rule as {@link UploadInput.metadata}. */
  metadata?: Record<string, string>;
}

/** Options of {@link ResumableCapability.appendResumable}. */
export interface ResumableAppendOptions extends CallOptions {
  /** The largest total size: an append that would pass it fails with `TOO_LARGE` while streaming. */
  maxSize?: number;
  /** Told each chunk's length as it is read, as {@link UploadInput.onChunk}. */
  onChunk?: (bytes: number) => void;
}

/** Options of {@link ResumableCapability.completeResumable}. */
export interface ResumableCompleteOptions extends CallOptions {
  /** The smallest total size; a shorter upload fails with `INVALID_INPUT` and stores nothing. */
  minSize?: number;
}

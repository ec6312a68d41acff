import type { Capability } from './capabilities.js';
import type {
  UploadInput,
  UploadResult,
  CallOptions,
  ReadOptions,
  ReadResult,
  ObjectStat,
  ObjectSummary,
  ListOptions,
  ListPageOptions,
  ListPage,
  SignedUrlOptions,
  SignedUrl,
  SignedUploadOptions,
  SignedUpload,
  UploadBody,
  ResumableHandle,
  ResumableCreateOptions,
  ResumableAppendOptions,
  ResumableCompleteOptions,
} from './provider-types.js';

export type * from './provider-types.js';

/**
 * What every provider is. Created by a provider definition's `init` from its options (see
 * `defineProvider`); optional capabilities are the sub-interfaces below, declared in `capabilities`.
 */
export interface Provider {
  /** The provider's name by the naming convention (`local`, `aws-s3`), as in its manifest. */
  readonly name: string;
  /** The optional capabilities this instance implements. Check them with `supports()`. */
  readonly capabilities: ReadonlySet<Capability>;
  /**
   * Stores `input.body` at `input.key`, streaming: memory does not grow with the body's size. Either the
   * whole object is stored, or nothing is (a reader never sees a partial object).
   * @throws `INVALID_KEY` for a key that breaks the key rules, before reading the body.
   * @throws `TOO_LARGE` when the body exceeds `maxSize`.
   * @throws `INVALID_INPUT` when the body is not of `size` bytes, or is not a stream or bytes.
   * @throws `CHECKSUM_MISMATCH` when `sha256` is given and differs.
   * @throws `ABORTED` when `signal` aborts or the body stream errors.
   * @throws `ACCESS_DENIED`, `INVALID_CREDENTIALS`, `UNAVAILABLE` from the backend.
   */
  upload(input: UploadInput): Promise<UploadResult>;
  /**
   * Deletes the object at `key`. Idempotent: a missing object resolves.
   * @throws `INVALID_KEY`, `ACCESS_DENIED`, `INVALID_CREDENTIALS`, `UNAVAILABLE`.
   */
  delete(key: string, options?: CallOptions): Promise<void>;
}

/** Capability `read`: streamed reads. */
export interface ReadCapability {
  /**
   * Opens the object at `key` for reading, whole or a byte range.
   * @throws `NOT_FOUND` when there is no object; `INVALID_RANGE` for an unsatisfiable range;
   *   `INVALID_KEY`, `ACCESS_DENIED`, `UNAVAILABLE`.
   */
  read(key: string, options?: ReadOptions): Promise<ReadResult>;
}

/** Capability `stat`: facts about one object. */
export interface StatCapability {
  /**
   * Size, MIME type, etag, last modified, metadata, cache-control and content-disposition of `key`.
   * @throws `NOT_FOUND`, `INVALID_KEY`, `ACCESS_DENIED`, `UNAVAILABLE`.
   */
  stat(key: string, options?: CallOptions): Promise<ObjectStat>;
}

/** Capability `signedUrl`: expiring read URLs. */
export interface SignedUrlCapability {
  /**
   * A URL that reads `key` without credentials until it expires; tampering with it makes it fail.
   * Does not check that the object exists.
   * @throws `INVALID_KEY`; `INVALID_OPTIONS` or `UNSUPPORTED` when the credentials cannot sign.
   */
  signedUrl(key: string, options?: SignedUrlOptions): Promise<SignedUrl>;
}

/** Capability `signedUpload`: direct uploads from a browser to storage. */
export interface SignedUploadCapability {
  /**
   * A URL (and form fields) through which a plain HTTP client can store one object at `key`.
   * @throws `INVALID_KEY`; `INVALID_OPTIONS` or `UNSUPPORTED` when the credentials cannot sign.
   */
  signedUpload(key: string, options: SignedUploadOptions): Promise<SignedUpload>;
}

/** Capability `copy`: server-side copies. */
export interface CopyCapability {
  /**
   * Copies the object at `from` to `to`, with its MIME type and metadata; overwrites `to`.
   * @throws `NOT_FOUND` when `from` is missing; `INVALID_KEY`, `ACCESS_DENIED`, `UNAVAILABLE`.
   */
  copy(from: string, to: string, options?: CallOptions): Promise<void>;
}

/** Capability `list`: listing under a prefix. */
export interface ListCapability {
  /**
   * One page of keys starting with `prefix`, in ascending key order.
   * @throws `INVALID_INPUT` for a cursor this provider did not issue; `ACCESS_DENIED`, `UNAVAILABLE`.
   */
  listPage(options?: ListPageOptions): Promise<ListPage>;
  /**
   * Every key starting with `prefix`, page by page, as an async iterable (see `listAll` in core).
   * @throws as `listPage`.
   */
  list(options?: ListOptions): AsyncIterable<ObjectSummary>;
}

/** Capability `exists`. */
export interface ExistsCapability {
  /**
   * Whether an object is stored at `key`.
   * @throws `INVALID_KEY`, `ACCESS_DENIED`, `UNAVAILABLE`.
   */
  exists(key: string, options?: CallOptions): Promise<boolean>;
}

/** Capability `check`: a start-up check. */
export interface CheckCapability {
  /**
   * Verifies that the credentials work and the bucket (container, directory) is there.
   * @throws `INVALID_CREDENTIALS`, `ACCESS_DENIED`, `INVALID_OPTIONS` naming what is missing, `UNAVAILABLE`.
   */
  check(options?: CallOptions): Promise<void>;
}

/** Capability `close`. */
export interface CloseCapability {
  /** Releases sockets, file handles and pools. The provider is unusable afterwards. Never throws. */
  close(): Promise<void>;
}

/**
 * Capability `resumable`: an upload that arrives in pieces, across requests, processes and restarts (the
 * tus protocol's storage). The pieces live in the backend where it can keep them (S3 multipart parts, Azure
 * staged blocks, GCS part objects, a local append file); nothing is readable at the key, and an object
 * already there stays whole, until `completeResumable`.
 */
export interface ResumableCapability {
  /**
   * Starts an upload to `key`, stored with `options` on completion. Answers the handle at offset 0.
   * @throws `INVALID_KEY`; `INVALID_INPUT` for metadata that breaks the metadata rule; `ACCESS_DENIED`, `UNAVAILABLE`.
   */
  createResumable(key: string, options?: ResumableCreateOptions): Promise<ResumableHandle>;
  /**
   * Streams `body` in at `handle.offset` and makes it durable; answers the handle after it. `handle` stays
   * valid: what a failed append read is not kept, and appending at `handle` again drops what this append wrote.
   * @throws `TOO_LARGE` past `maxSize`; `ABORTED` when `signal` aborts or `body` errors; `NOT_FOUND` for an
   *   upload completed or aborted; `INVALID_INPUT` for a handle this provider did not issue; `UNAVAILABLE`.
   */
  appendResumable(handle: ResumableHandle, body: UploadBody, options?: ResumableAppendOptions): Promise<ResumableHandle>;
  /**
   * Stores the `handle.offset` bytes received at `handle.key`, all or nothing, and releases the pieces.
   * Answers as `upload` does, with the SHA-256 of every byte.
   * @throws `INVALID_INPUT` below `minSize` (nothing stored, the pieces kept); `NOT_FOUND` for an upload
   *   completed or aborted; `INVALID_INPUT` for a foreign handle; `UNAVAILABLE` (the pieces kept, retry).
   */
  completeResumable(handle: ResumableHandle, options?: ResumableCompleteOptions): Promise<UploadResult>;
  /**
   * Drops the upload's pieces; the key is untouched. Idempotent: an upload already gone resolves.
   * @throws `INVALID_INPUT` for a foreign handle; `ACCESS_DENIED`, `UNAVAILABLE`.
   */
  abortResumable(handle: ResumableHandle, options?: CallOptions): Promise<void>;
}

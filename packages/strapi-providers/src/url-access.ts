import { Readable } from 'node:stream';
import type { ReadableStream as NodeWebReadableStream } from 'node:stream/web';
import { StowageError, type ByteRange, type ObjectStat, type ReadOptions, type ReadResult } from '@stowage/core';
import { httpError } from './errors.js';

/**
 * Reads through an object's URL (public, or signed by the provider): Strapi providers have no read of
 * their own, but every file they store has a URL. Ranges and HEAD are plain HTTP.
 */
export class UrlAccess {
  readonly #urlOf: (key: string) => Promise<string>;

  constructor(urlOf: (key: string) => Promise<string>) {
    this.#urlOf = urlOf;
  }

  async read(key: string, options: ReadOptions = {}): Promise<ReadResult> {
    // HTTP calls a zero-length suffix unsatisfiable, but servers answer it with the whole object.
    if (options.range !== undefined && 'suffix' in options.range && options.range.suffix === 0) throw httpError(416, key);
    const headers: Record<string, string> = options.range === undefined ? {} : { range: rangeHeader(options.range) };
    const res = await this.#fetch(key, 'GET', headers, options.signal);
    if (res.status === 416 && options.range !== undefined && 'start' in options.range && options.range.start === 0) {
      // `bytes=0-` of an empty object: nothing to serve, but the object is there.
      await res.body?.cancel().catch(() => undefined);
      return { body: Readable.from([]), contentLength: 0, totalSize: 0, range: { start: 0, end: -1 }, contentType: 'application/octet-stream' };
    }
    if (res.status !== 200 && res.status !== 206) {
      await res.body?.cancel().catch(() => undefined);
      throw httpError(res.status, key);
    }
    const length = Number(res.headers.get('content-length') ?? Number.NaN);
    let total = length;
    let range: { start: number; end: number } | undefined;
    const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(res.headers.get('content-range') ?? '');
    if (res.status === 206 && match !== null) {
      range = { start: Number(match[1]), end: Number(match[2]) };
      total = Number(match[3]);
    } else if (options.range !== undefined && res.status === 200) {
      // The server ignored the range: serve the whole object as a range covering it.
      range = { start: 0, end: Math.max(length - 1, 0) };
    }
    const body = res.body === null ? Readable.from([]) : Readable.fromWeb(res.body as NodeWebReadableStream<Uint8Array>);
    const etag = res.headers.get('etag')?.replace(/"/g, '');
    const modified = res.headers.get('last-modified');
    return {
      body,
      contentLength: length,
      totalSize: total,
      ...(range === undefined ? {} : { range }),
      contentType: res.headers.get('content-type') ?? 'application/octet-stream',
      ...(etag === undefined ? {} : { etag }),
      ...(modified === null ? {} : { lastModified: new Date(modified) }),
    };
  }

  // A presigned URL is signed for GET only, so facts come from a one-byte GET rather than a HEAD.
  async #probe(key: string, signal?: AbortSignal): Promise<{ res: Response; size: number } | undefined> {
    const res = await this.#fetch(key, 'GET', { range: 'bytes=0-0' }, signal);
    await res.body?.cancel().catch(() => undefined);
    if (res.status === 404) return undefined;
    const total = /\/(\d+)$/.exec(res.headers.get('content-range') ?? '');
    if (res.status === 206 && total !== null) return { res, size: Number(total[1]) };
    // 416: an empty object has no byte 0.
    if (res.status === 416) return { res, size: 0 };
    if (res.status === 200) return { res, size: Number(res.headers.get('content-length') ?? 0) };
    throw httpError(res.status, key);
  }

  async stat(key: string, signal?: AbortSignal): Promise<ObjectStat> {
    const found = await this.#probe(key, signal);
    if (found === undefined) throw httpError(404, key);
    const { res, size } = found;
    const metadata: Record<string, string> = {};
    res.headers.forEach((value, name) => {
      if (name.startsWith('x-amz-meta-')) metadata[name.slice('x-amz-meta-'.length)] = value;
    });
    const etag = res.headers.get('etag')?.replace(/"/g, '');
    const cacheControl = res.headers.get('cache-control');
    const contentDisposition = res.headers.get('content-disposition');
    return {
      key,
      size,
      contentType: res.status === 416 ? 'application/octet-stream' : (res.headers.get('content-type') ?? 'application/octet-stream'),
      ...(etag === undefined ? {} : { etag }),
      lastModified: new Date(res.headers.get('last-modified') ?? Date.now()),
      metadata,
      ...(cacheControl === null ? {} : { cacheControl }),
      ...(contentDisposition === null ? {} : { contentDisposition }),
    };
  }

  async exists(key: string, signal?: AbortSignal): Promise<boolean> {
    return (await this.#probe(key, signal)) !== undefined;
  }

  async #fetch(key: string, method: string, headers: Record<string, string>, signal?: AbortSignal): Promise<Response> {
    const url = await this.#urlOf(key);
    try {
      return await fetch(url, { method, headers, ...(signal === undefined ? {} : { signal }) });
    } catch (error) {
      if (signal?.aborted) throw new StowageError('ABORTED', 'The operation was aborted', { cause: error, key });
      throw new StowageError('UNAVAILABLE', `Reading "${key}" through its URL failed: ${(error as Error).message}`, { cause: error, key });
    }
  }
}

function rangeHeader(range: ByteRange): string {
  if ('suffix' in range) return `bytes=-${range.suffix}`;
  return `bytes=${range.start}-${range.end ?? ''}`;
}

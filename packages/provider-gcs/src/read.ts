import { PassThrough, type Readable } from 'node:stream';
import type { File } from '@google-cloud/storage';
import { resolveRange as resolveByteRange, type ByteRange, type ByteSpan, type ReadOptions, type ReadResult } from '@stowage/core';
import { abortable, normalizedKey, storedName, unquote, type GcsContext } from './context.js';
import { gcsError, mapErrors, PROVIDER_NAME, toStowageError } from './errors.js';

/**
 * Opens an object for reading. The object's metadata is fetched first: it gives the total size (needed to
 * resolve and check the range), and the read is then pinned to that generation, so a concurrent overwrite
 * cannot mix two versions into one body.
 */
export async function read(ctx: GcsContext, key: string, options: ReadOptions = {}): Promise<ReadResult> {
  const name = storedName(ctx, key);
  const normalized = normalizedKey(key);
  const context = { key: normalized, operation: 'read' };
  const [metadata] = await abortable(options.signal, normalized, () => mapErrors(context, () => ctx.bucket.file(name).getMetadata()));
  const totalSize = Number(metadata.size ?? 0);
  const range = options.range === undefined ? undefined : resolveRange(options.range, totalSize, normalized);
  const file = ctx.bucket.file(name, metadata.generation === undefined ? {} : { generation: Number(metadata.generation) });
  // When a download stream fails or is destroyed early, the SDK destroys the request's agent to free its
  // socket; with the SDK's shared keep-alive pool ("forever") that kills every other request in flight
  // ("socket hang up"). Downloads therefore use a non-pooled request, whose agent is never destroyed.
  file.interceptors.push(NO_POOL);
  const source = file.createReadStream({
    // Whole reads are checked against the stored CRC32C; the SDK skips the check for ranges by itself.
    validation: range === undefined ? 'crc32c' : false,
    ...(range === undefined ? {} : { start: range.start, end: range.end }),
  });
  const body = relay(source, context, options.signal);
  await responded(source, body);
  return {
    body,
    contentLength: range === undefined ? totalSize : range.end - range.start + 1,
    totalSize,
    ...(range === undefined ? {} : { range }),
    contentType: metadata.contentType ?? 'application/octet-stream',
    ...(metadata.etag === undefined ? {} : { etag: unquote(metadata.etag) }),
    ...(metadata.updated === undefined ? {} : { lastModified: new Date(metadata.updated) }),
  };
}

type Interceptor = File['interceptors'][number];
const NO_POOL: Interceptor = { request: (opts) => ({ ...opts, forever: false }) as ReturnType<Interceptor['request']> };

/**
 * Core's `resolveRange` with this provider's name on its errors.
 * @deprecated Use `resolveRange` from `@stowage/core`, the one range rule of every provider.
 * @throws `INVALID_RANGE` when nothing of the object can be served, or the range is malformed.
 */
export function resolveRange(range: ByteRange, size: number, key?: string): ByteSpan {
  return resolveByteRange(range, size, { provider: PROVIDER_NAME, ...(key === undefined ? {} : { key }) });
}

// Resolves once the download's response has arrived (its status checked: an error response fails the body,
// and so this promise, with the mapped error). Returning earlier would let a caller destroy the body before
// the SDK has wired the response to it, which on Node 24 makes the SDK throw an uncaught
// ERR_STREAM_UNABLE_TO_PIPE.
function responded(source: Readable, body: Readable): Promise<void> {
  return new Promise((resolve, reject) => {
    const onResponse = (response: { statusCode?: number }) => {
      if ((response.statusCode ?? 0) < 300) done();
    };
    const onError = (error: Error) => done(error);
    const done = (error?: Error) => {
      source.off('response', onResponse);
      body.off('error', onError);
      if (error === undefined) resolve();
      else reject(error);
    };
    source.on('response', onResponse);
    body.on('error', onError);
  });
}

// The SDK's stream fails with its own errors, lazily; the caller sees StowageErrors and can abort.
function relay(source: Readable, context: { key: string; operation: string }, signal: AbortSignal | undefined): Readable {
  const body = new PassThrough();
  const onAbort = () => body.destroy(gcsError('ABORTED', 'The read was aborted', context.key, signal?.reason));
  source.on('error', (error) => body.destroy(toStowageError(error, context)));
  body.on('close', () => {
    signal?.removeEventListener('abort', onAbort);
    source.destroy();
  });
  signal?.addEventListener('abort', onAbort, { once: true });
  source.pipe(body);
  return body;
}

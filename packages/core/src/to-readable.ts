import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { StowageError } from './errors.js';
import type { UploadBody } from './provider.js';

/**
 * Any upload body as a Node `Readable`, without copying or collecting it.
 * @throws `INVALID_INPUT` for anything that is not a Node stream, a web stream or bytes.
 */
export function toReadable(body: UploadBody): Readable {
  if (body instanceof Readable) return body;
  if (body instanceof Uint8Array) return Readable.from([body], { objectMode: false });
  if (isWebStream(body)) return Readable.fromWeb(body as WebReadableStream<Uint8Array>);
  if (isNodeStream(body)) return new Readable({ objectMode: false }).wrap(body);
  throw new StowageError('INVALID_INPUT', 'Invalid upload body: expected a Node Readable, a web ReadableStream or a Uint8Array/Buffer');
}

/** The body's length when it is bytes in memory; `undefined` for streams. */
export function knownLength(body: UploadBody): number | undefined {
  return body instanceof Uint8Array ? body.byteLength : undefined;
}

function isWebStream(value: unknown): value is ReadableStream<Uint8Array> {
  return typeof value === 'object' && value !== null && typeof (value as ReadableStream).getReader === 'function';
}

function isNodeStream(value: unknown): value is NodeJS.ReadableStream {
  return typeof value === 'object' && value !== null && typeof (value as NodeJS.ReadableStream).pipe === 'function' && typeof (value as NodeJS.ReadableStream).on === 'function';
}

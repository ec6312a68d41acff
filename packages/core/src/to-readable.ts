import { Readable } from 'node:stream';
import { ReadableStream as NodeWebReadableStream } from 'node:stream/web';
import { StowageError } from './errors.js';
import type { UploadBody } from './provider.js';

/** The web stream shape `toReadable` relies on: what both the DOM and `node:stream/web` types have. */
interface WebStreamLike {
  readonly locked: boolean;
  getReader(): { read(): Promise<{ done: boolean; value?: unknown }>; cancel(reason?: unknown): Promise<void> };
}

/**
 * Any upload body as a Node `Readable`, without copying or collecting it.
 *
 * Accepts a Node `Readable` (returned as is), any older-style Node stream, bytes (`Buffer`/`Uint8Array`),
 * and web `ReadableStream`s, whether typed by the DOM library or by `node:stream/web`, and whether
 * Node's own or another implementation (a polyfill).
 * @throws `INVALID_INPUT` for anything else, or for a web stream that is already locked to a reader.
 */
export function toReadable(body: UploadBody): Readable {
  if (body instanceof Readable) return body;
  if (body instanceof Uint8Array) return Readable.from([body], { objectMode: false });
  if (isWebStream(body)) {
    if (body.locked) throw new StowageError('INVALID_INPUT', 'Invalid upload body: the web ReadableStream is locked (already being read)');
    // Readable.fromWeb accepts only Node's own implementation; read any other through its reader.
    return body instanceof NodeWebReadableStream ? Readable.fromWeb(body as NodeWebReadableStream<Uint8Array>) : fromReader(body);
  }
  if (isNodeStream(body)) return new Readable({ objectMode: false }).wrap(body);
  throw new StowageError('INVALID_INPUT', 'Invalid upload body: expected a Node Readable, a web ReadableStream or a Uint8Array/Buffer');
}

/** The body's length when it is bytes in memory; `undefined` for streams. */
export function knownLength(body: UploadBody): number | undefined {
  return body instanceof Uint8Array ? body.byteLength : undefined;
}

function fromReader(stream: WebStreamLike): Readable {
  const reader = stream.getReader();
  return new Readable({
    read() {
      reader.read().then(
        ({ done, value }) => {
          if (done) this.push(null);
          else if (typeof value === 'string' || value instanceof Uint8Array) this.push(value);
          else this.destroy(new StowageError('INVALID_INPUT', 'Invalid upload body: the web ReadableStream must yield Uint8Array chunks'));
        },
        (error: unknown) => this.destroy(error instanceof Error ? error : new Error(String(error))),
      );
    },
    destroy(error, callback) {
      // Tell the producer to stop; a stream that already ended or failed ignores it.
      reader.cancel(error ?? undefined).then(() => callback(error), () => callback(error));
    },
  });
}

function isWebStream(value: unknown): value is WebStreamLike {
  return typeof value === 'object' && value !== null && typeof (value as WebStreamLike).getReader === 'function';
}

function isNodeStream(value: unknown): value is NodeJS.ReadableStream {
  return typeof value === 'object' && value !== null && typeof (value as NodeJS.ReadableStream).pipe === 'function' && typeof (value as NodeJS.ReadableStream).on === 'function';
}

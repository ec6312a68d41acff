import type { IncomingMessage } from 'node:http';
import { PassThrough, type Readable } from 'node:stream';
import busboy from 'busboy';
import { HttpError } from './http-status.js';

/** A form part: a text field (bounded by `fieldSize`), or a file whose bytes are streamed, never buffered. */
export type Part =
  | { kind: 'field'; name: string; value: string; mimeType: string }
  | { kind: 'file'; name: string; filename: string; mimeType: string; stream: Readable };

/** Limits enforced while the body streams. */
export interface MultipartLimits {
  /** Files per request. */
  files: number;
  /** Non-file fields per request. */
  fields: number;
  /** Bytes of one non-file field. */
  fieldSize: number;
}

/**
 * Parses a `multipart/form-data` request as a stream of parts, in order. A file part must be consumed
 * (or destroyed) before the next part is asked for: busboy applies backpressure, so at most one part's
 * bytes are in flight and nothing is written to memory or disk. Limits fail the iteration with a 400
 * (counts) or 413 (sizes) `HttpError` that names the limit.
 * @throws `HttpError` 415 when the request is not multipart.
 */
export function parseMultipart(req: IncomingMessage, limits: MultipartLimits): AsyncIterableIterator<Part> {
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: limits.files, fields: limits.fields, fieldSize: limits.fieldSize } });
  } catch (error) {
    throw new HttpError('UNSUPPORTED_MEDIA_TYPE', 'Invalid Content-Type: expected multipart/form-data with a boundary', undefined, { cause: error });
  }
  // Limits reached are queued in order: the parts before them are still processed (and reported).
  const queue: (Part | { kind: 'error'; error: Error })[] = [];
  let failure: Error | undefined;
  let finished = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  const fail = (error: Error) => {
    failure ??= error;
    notify();
  };

  parser.on('file', (name, stream, info) => {
    if (failure !== undefined) {
      stream.resume();
      return;
    }
    queue.push({ kind: 'file', name, filename: info.filename ?? 'file', mimeType: info.mimeType || 'application/octet-stream', stream: clientFailures(stream) });
    notify();
  });
  parser.on('field', (name, value, info) => {
    if (info.valueTruncated) queue.push({ kind: 'error', error: new HttpError('TOO_LARGE', `Invalid field "${name}": it must be at most ${limits.fieldSize} bytes`, { field: name, limit: limits.fieldSize }) });
    else if (info.nameTruncated) queue.push({ kind: 'error', error: new HttpError('INVALID_INPUT', 'Invalid field name: too long') });
    else queue.push({ kind: 'field', name, value, mimeType: info.mimeType });
    notify();
  });
  const limit = (error: HttpError) => {
    queue.push({ kind: 'error', error });
    notify();
  };
  parser.on('filesLimit', () => limit(new HttpError('INVALID_INPUT', `Too many files: at most ${limits.files} files per request`, { limit: limits.files })));
  parser.on('fieldsLimit', () => limit(new HttpError('INVALID_INPUT', `Too many fields: at most ${limits.fields} non-file fields per request`, { limit: limits.fields })));
  parser.on('partsLimit', () => limit(new HttpError('INVALID_INPUT', 'Too many parts in the multipart body')));
  parser.on('error', (error: Error) => fail(new HttpError('INVALID_INPUT', `Invalid multipart body: ${error.message}`, undefined, { cause: error })));
  parser.on('close', () => {
    finished = true;
    notify();
  });
  // A client gone midway: destroying the parser fails the file stream in flight, so the provider
  // discards the partial upload instead of waiting forever for the rest.
  req.once('close', () => {
    if (req.complete) return;
    const error = new HttpError('INVALID_INPUT', 'The request was aborted by the client');
    fail(error);
    parser.destroy(error);
  });
  req.pipe(parser);

  const iterator: AsyncIterableIterator<Part> = {
    [Symbol.asyncIterator]() {
      return iterator;
    },
    async next(): Promise<IteratorResult<Part>> {
      for (;;) {
        if (failure !== undefined) throw failure;
        const part = queue.shift();
        if (part?.kind === 'error') {
          failure = part.error;
          throw part.error;
        }
        if (part !== undefined) return { value: part, done: false };
        if (finished) return { value: undefined, done: true };
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
    async return(): Promise<IteratorResult<Part>> {
      // The caller stopped early: discard the rest of the body so the client can read our answer.
      for (const part of queue.splice(0)) if (part.kind === 'file') part.stream.resume();
      failure ??= new HttpError('INVALID_INPUT', 'The request body was not read to its end');
      req.unpipe(parser);
      req.resume();
      return { value: undefined, done: true };
    },
  };
  return iterator;
}

/**
 * Busboy fails a file stream with a bare `Error` when the body ends early ("Unexpected end of form")
 * or the client goes: the client's fault, so consumers see a 400 `HttpError` instead (a bare error
 * would be a 500). The error is also always heard: until a route consumes the part (it may await a
 * database first) nobody listens, and an unheard 'error' would crash the process.
 */
function clientFailures(source: Readable): Readable {
  const out = new PassThrough();
  source.on('error', (error: Error) => out.destroy(error instanceof HttpError ? error : new HttpError('INVALID_INPUT', `Invalid multipart body: ${error.message}`, undefined, { cause: error })));
  // A consumer that stops early (a refused file) must not stall the parser: drain the rest.
  out.once('close', () => {
    if (!source.readableEnded) source.resume();
  });
  // Heard here too; a consumer attaching later still gets it (the stream stays errored).
  out.on('error', () => undefined);
  source.pipe(out);
  return out;
}

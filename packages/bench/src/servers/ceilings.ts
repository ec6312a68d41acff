import { createWriteStream } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { answer, listen, uniqueName } from './listen.js';

const BIG_WRITE_BUFFER = 8 * 1024 * 1024;

/** Reads and drops the body: the client's own ceiling. */
export function startDiscard(): Promise<number> {
  const server = createServer({ requestTimeout: 0 }, (req, res) => {
    let bytes = 0;
    req.on('data', (chunk: Buffer) => (bytes += chunk.length));
    req.on('end', () => answer(res, 201, { bytes }));
  });
  return listen(server);
}

/**
 * Pipes the raw body (multipart framing included) to a file: the disk's ceiling for one Node process.
 * `writeBuffer` is the write stream's highWaterMark; undefined keeps Node's default (16 KiB).
 */
export function startRawToFile(dir: string, writeBuffer: number | undefined): Promise<number> {
  const server = createServer({ requestTimeout: 0 }, (req, res) => {
    const out = createWriteStream(join(dir, uniqueName()), writeBuffer === undefined ? {} : { highWaterMark: writeBuffer });
    pipeline(req, out).then(
      () => answer(res, 201, { bytes: out.bytesWritten }),
      (error: Error) => answer(res, 500, { error: error.message }),
    );
  });
  return listen(server);
}

/** Parses the form with busboy and pipes the file part to a file with a large write buffer. */
export function startBusboyToFile(dir: string): Promise<number> {
  const server = createServer({ requestTimeout: 0 }, (req, res) => {
    const parser = busboy({ headers: req.headers });
    const writes: Promise<number>[] = [];
    parser.on('file', (_name, stream) => {
      const out = createWriteStream(join(dir, uniqueName()), { highWaterMark: BIG_WRITE_BUFFER });
      writes.push(pipeline(stream, out).then(() => out.bytesWritten));
    });
    parser.on('close', () => {
      Promise.all(writes).then(
        (sizes) => answer(res, 201, { sizes }),
        (error: Error) => answer(res, 500, { error: error.message }),
      );
    });
    parser.on('error', (error: Error) => answer(res, 400, { error: error.message }));
    req.pipe(parser);
  });
  return listen(server);
}

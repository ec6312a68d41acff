import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';

/** A multipart body built as a stream: the bytes are generated as they are sent, never held whole. */
export interface MultipartBody {
  contentType: string;
  /** Exact length of the whole body, so the request carries `Content-Length`. */
  contentLength: number;
  stream: Readable;
}

/** What to put in the form: fields first (in order), then one file part of `size` bytes. */
export interface BodySpec {
  size: number;
  fieldName: string;
  filename?: string;
  fileContentType?: string;
  fields?: readonly (readonly [string, string])[];
}

// One random block reused for every file: random so that nothing along the way can compress it, and
// reused so that generating a 4 GiB file costs no memory and almost no CPU on the client.
const BLOCK = randomBytes(1024 * 1024);

/** Streams `size` bytes cut from the random block, in block-sized chunks. */
export function generatedBytes(size: number): Readable {
  let left = size;
  return new Readable({
    highWaterMark: BLOCK.length,
    read() {
      if (left === 0) {
        this.push(null);
        return;
      }
      const n = Math.min(left, BLOCK.length);
      left -= n;
      this.push(n === BLOCK.length ? BLOCK : BLOCK.subarray(0, n));
    },
  });
}

/** A `multipart/form-data` body whose file part is generated on the fly. */
export function multipartBody(spec: BodySpec): MultipartBody {
  const boundary = `----stowage-bench-${randomBytes(8).toString('hex')}`;
  let head = '';
  for (const [name, value] of spec.fields ?? []) head += `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  head += `--${boundary}\r\nContent-Disposition: form-data; name="${spec.fieldName}"; filename="${spec.filename ?? 'file.bin'}"\r\n`;
  head += `Content-Type: ${spec.fileContentType ?? 'application/octet-stream'}\r\n\r\n`;
  const tail = `\r\n--${boundary}--\r\n`;
  const headBytes = Buffer.from(head);
  const tailBytes = Buffer.from(tail);
  const file = generatedBytes(spec.size);
  async function* parts(): AsyncGenerator<Buffer> {
    yield headBytes;
    for await (const chunk of file) yield chunk as Buffer;
    yield tailBytes;
  }
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    contentLength: headBytes.length + spec.size + tailBytes.length,
    stream: Readable.from(parts(), { objectMode: false, highWaterMark: BLOCK.length }),
  };
}

import { Readable } from 'node:stream';

/** Bytes file-type needs to recognise every format it knows. */
export const SNIFF_BYTES = 4100;

/**
 * Reads at most `size` bytes from the start of `source` and returns them with a stream that yields the
 * whole content again (those bytes, then the rest, read lazily). Only the head is ever held in memory.
 */
export async function peekHead(source: Readable, size = SNIFF_BYTES): Promise<{ head: Buffer; body: Readable }> {
  const iterator = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const chunks: Buffer[] = [];
  let length = 0;
  let ended = false;
  while (length < size) {
    const next = await iterator.next();
    if (next.done === true) {
      ended = true;
      break;
    }
    chunks.push(next.value);
    length += next.value.length;
  }
  const head = Buffer.concat(chunks);
  async function* replay(): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head;
    if (ended) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done === true) return;
      yield next.value;
    }
  }
  const body = Readable.from(replay(), { objectMode: false });
  // Destroying the replay (a failed upload) must stop the source too.
  body.once('close', () => {
    if (!body.readableEnded) source.destroy();
  });
  return { head: head.subarray(0, size), body };
}

/** How a sniffed type that differs from the declared one is handled. */
export type MimeMismatch = 'sniffed' | 'declared' | 'reject';

/**
 * The MIME type to store: the part header's, checked against the magic bytes of `head`. Formats without
 * magic bytes (text, JSON, CSV…) keep the declared type.
 * @returns `{ mimeType }`, or `{ mismatch }` when `policy` is `reject` and the two differ.
 */
export async function decideMimeType(declared: string, head: Buffer, policy: MimeMismatch): Promise<{ mimeType: string; sniffed?: string } | { mismatch: { declared: string; sniffed: string } }> {
  const clean = normalizeMime(declared);
  const { fileTypeFromBuffer } = await import('file-type');
  const sniffed = head.length === 0 ? undefined : (await fileTypeFromBuffer(head))?.mime;
  if (sniffed === undefined || sniffed === clean) return { mimeType: clean };
  if (policy === 'declared') return { mimeType: clean, sniffed };
  if (policy === 'reject') return { mismatch: { declared: clean, sniffed } };
  return { mimeType: sniffed, sniffed };
}

/** `Text/Plain; charset=utf-8` → `text/plain`; anything that is not `type/subtype` → octet-stream. */
export function normalizeMime(value: string): string {
  const base = (value.split(';')[0] ?? '').trim().toLowerCase();
  return /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/.test(base) ? base : 'application/octet-stream';
}

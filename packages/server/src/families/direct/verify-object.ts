import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { isStowageError, supports, UploadMeter, type Provider } from '@stowage/core';
import type { MimeMismatch } from '../../files/sniff.js';
import { decideMimeType, SNIFF_BYTES } from '../../files/sniff.js';
import type { PendingUpload } from './direct-store.js';

/** What the stored object turned out to be. */
export type Verdict =
  | { ok: true; size: number; etag: string; mimeType: string }
  /** The object differs from the declaration; `message` names what differed. */
  | { ok: false; missing: false; message: string; differs: Record<string, unknown> }
  /** Nothing is stored at the key (yet). */
  | { ok: false; missing: true };

/**
 * Checks the object at `key` against its declaration: the size by `stat` (or by reading), the MIME
 * type by sniffing its first bytes through a ranged `read` (unless `mimeTypeMismatch` is `declared`),
 * and its SHA-256 by reading it whole through core's {@link UploadMeter}, so the entity tag is the
 * quoted SHA-256 like that of `POST /v1/files`. A provider that cannot `read` leaves only its own entity
 * tag, quoted (and no sniffing): the most faithful tag that can be had without the bytes.
 */
export async function verifyObject(provider: Provider, key: string, declared: PendingUpload, policy: MimeMismatch): Promise<Verdict> {
  let size: number | undefined;
  let backendEtag: string | undefined;
  if (supports(provider, 'stat')) {
    const stat = await provider.stat(key).catch((error: unknown) => (isStowageError(error, 'NOT_FOUND') ? undefined : Promise.reject(error)));
    if (stat === undefined) return { ok: false, missing: true };
    size = stat.size;
    backendEtag = stat.etag;
    if (size !== declared.size) return sizeMismatch(declared.size, size);
  }
  if (!supports(provider, 'read')) return { ok: true, size: size ?? declared.size, etag: `"${backendEtag ?? ''}"`, mimeType: declared.mimeType };
  // An empty object has no bytes to sniff, and no range of it is satisfiable.
  if (policy !== 'declared' && declared.size > 0) {
    const head = await readHead(provider, key);
    if (head === undefined) return { ok: false, missing: true };
    const decided = await decideMimeType(declared.mimeType, head, 'reject');
    if ('mismatch' in decided) {
      return { ok: false, missing: false, message: `The uploaded content is ${decided.mismatch.sniffed} but the upload declared mimeType ${decided.mismatch.declared}`, differs: { field: 'mimeType', ...decided.mismatch } };
    }
  }
  const hashed = await hashObject(provider, key);
  if (hashed === undefined) return { ok: false, missing: true };
  if (hashed.bytes !== declared.size) return sizeMismatch(declared.size, hashed.bytes);
  return { ok: true, size: hashed.bytes, etag: `"${hashed.sha256}"`, mimeType: declared.mimeType };
}

function sizeMismatch(declared: number, stored: number): Verdict {
  return { ok: false, missing: false, message: `The uploaded content is ${stored} bytes but the upload declared size ${declared}`, differs: { field: 'size', declared, stored } };
}

async function readHead(provider: Provider, key: string): Promise<Buffer | undefined> {
  if (!supports(provider, 'read')) return undefined;
  const opened = await provider.read(key, { range: { start: 0, end: SNIFF_BYTES - 1 } }).catch(missingAsUndefined);
  if (opened === undefined) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of opened.body as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).subarray(0, SNIFF_BYTES);
}

async function hashObject(provider: Provider, key: string): Promise<{ bytes: number; sha256: string } | undefined> {
  if (!supports(provider, 'read')) return undefined;
  const opened = await provider.read(key).catch(missingAsUndefined);
  if (opened === undefined) return undefined;
  const meter = new UploadMeter({ key });
  await pipeline(opened.body, meter, new Writable({ write: (_chunk, _encoding, done) => done() }));
  return { bytes: meter.bytes, sha256: meter.digest() };
}

function missingAsUndefined(error: unknown): undefined {
  if (isStowageError(error, 'NOT_FOUND')) return undefined;
  throw error;
}

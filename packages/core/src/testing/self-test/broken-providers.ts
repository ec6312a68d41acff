import { createWriteStream } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isStowageError, StowageError } from '../../errors.js';
import { normalizeKey } from '../../keys.js';
import type * as P from '../../provider.js';
import type { MeteredInput } from '../../upload-meter.js';
import { BROKEN_RESUMABLE } from './broken-resumable.js';
import { ReferenceProvider } from './reference-provider.js';

/** A deliberately broken provider and the exact clauses the kit must fail it on. */
export interface BrokenVariant {
  /** What is broken. */
  name: string;
  /** The reference provider with that one fault. */
  provider: typeof ReferenceProvider;
  /** Exactly the clause ids that must fail (every other clause run must pass). */
  fails: string[];
  /** What the failure notes must say, by clause id: the kit names the behaviour, not just the clause. */
  notes?: Record<string, RegExp>;
}

/** Unknown-length streams over 1 MiB lose their last byte (an off-by-one in a final-part flush). */
class Truncating extends ReferenceProvider {
  protected override async writeBody(source: Readable, path: string, input: P.UploadInput): Promise<void> {
    if (input.size !== undefined || input.body instanceof Uint8Array) return super.writeBody(source, path, input);
    let total = 0;
    let held: Buffer | undefined;
    const dropLast = new Transform({
      transform(chunk: Buffer, _encoding, callback: TransformCallback) {
        if (chunk.length === 0) return callback();
        total += chunk.length;
        const out = held ? Buffer.concat([held, chunk.subarray(0, -1)]) : chunk.subarray(0, -1);
        held = chunk.subarray(-1);
        callback(null, out);
      },
      flush(callback: TransformCallback) {
        callback(null, total > 1024 * 1024 || !held ? undefined : held);
      },
    });
    await pipeline(source, dropLast, createWriteStream(path, { flags: 'wx' }));
  }
}

/** User metadata is not stored (a backend that needs it encoded, and silently drops it instead). */
class DropsMetadata extends ReferenceProvider {
  protected override storedMetadata(input: P.UploadInput, key: string): Record<string, string> {
    super.storedMetadata(input, key);
    return {};
  }
}

/**
 * Metadata names checked by a rule of its own (HTTP header tokens, as a backend might take them): `A`,
 * `a_b` and `a.b` are accepted, `-a` is refused.
 */
class OwnMetadataRule extends ReferenceProvider {
  protected override storedMetadata(input: P.UploadInput, key: string): Record<string, string> {
    for (const name of Object.keys(input.metadata ?? {})) {
      if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) throw new StowageError('INVALID_INPUT', `Invalid metadata name "${name}"`, { key });
    }
    return { ...input.metadata };
  }
}

/** Deleting a missing object fails with NOT_FOUND: delete is not idempotent. */
class DeleteNotIdempotent extends ReferenceProvider {
  override async delete(key: string): Promise<void> {
    if (!(await this.exists(key))) throw new StowageError('NOT_FOUND', `No object at "${key}"`, { key });
    return super.delete(key);
  }
}

/**
 * Accepts any key (its own "check" instead of `normalizeKey`). The hashed layout keeps the files inside
 * the root, so the self-test stays safe while the contract is broken.
 */
class AcceptsTraversal extends ReferenceProvider {
  protected override checkKey(key: unknown): string {
    return typeof key === 'string' ? key.normalize('NFC') : normalizeKey(key);
  }
}

/** An aborted upload commits the bytes received so far, as if they were the object. */
class PartialOnAbort extends ReferenceProvider {
  protected override async discard(path: string, key: string, error: unknown, input: P.UploadInput): Promise<void> {
    if (!isStowageError(error, 'ABORTED')) return super.discard(path, key, error, input);
    const blob = path.slice(path.lastIndexOf('/') + 1);
    const { size } = await stat(path);
    await this.commit({ key, blob, size, contentType: 'application/octet-stream', sha256: '', lastModified: new Date().toISOString(), metadata: {} });
  }
}

/** Ranges are ignored: reads always serve the whole object. */
class IgnoresRanges extends ReferenceProvider {
  override async read(key: string, options: P.ReadOptions = {}): Promise<P.ReadResult> {
    const { range: _ignored, ...rest } = options;
    return super.read(key, rest);
  }
}

/** Signed URLs never expire. */
class NeverExpires extends ReferenceProvider {
  override isExpired(): boolean {
    return false;
  }
}

/** Collects the whole body in memory before writing it. */
class BuffersInMemory extends ReferenceProvider {
  protected override async writeBody(source: Readable, path: string): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of source) chunks.push(chunk as Buffer);
    await writeFile(path, Buffer.concat(chunks), { flag: 'wx' });
  }
}

/** `maxSize` is not enforced. */
class IgnoresMaxSize extends ReferenceProvider {
  protected override meterOptions(input: P.UploadInput, key: string): MeteredInput {
    const { maxSize: _ignored, ...rest } = super.meterOptions(input, key);
    return rest;
  }
}

/** The expected SHA-256 is not checked. */
class IgnoresChecksum extends ReferenceProvider {
  protected override meterOptions(input: P.UploadInput, key: string): MeteredInput {
    const { sha256: _ignored, ...rest } = super.meterOptions(input, key);
    return rest;
  }
}

/** The AbortSignal is not passed on (a source error still aborts). */
class IgnoresSignal extends ReferenceProvider {
  protected override meterOptions(input: P.UploadInput, key: string): MeteredInput {
    const { signal: _ignored, ...rest } = super.meterOptions(input, key);
    return rest;
  }
}

/** The declared size is not checked. */
class IgnoresSize extends ReferenceProvider {
  protected override meterOptions(input: P.UploadInput, key: string): MeteredInput {
    const { size: _ignored, ...rest } = super.meterOptions(input, key);
    return rest;
  }
}

/** `minSize` is not enforced. */
class IgnoresMinSize extends ReferenceProvider {
  protected override meterOptions(input: P.UploadInput, key: string): MeteredInput {
    const { minSize: _ignored, ...rest } = super.meterOptions(input, key);
    return rest;
  }
}

/** `onChunk` is not passed on (a provider that copied the meter's fields one by one and missed it). */
class IgnoresOnChunk extends ReferenceProvider {
  protected override meterOptions(input: P.UploadInput, key: string): MeteredInput {
    const { onChunk: _ignored, ...rest } = super.meterOptions(input, key);
    return rest;
  }
}

/** Signed URLs are served without checking the signature (expiry still checked). */
class AcceptsTampering extends ReferenceProvider {
  override verifySignature(): boolean {
    return true;
  }
}

/** The listing prefix is treated as a folder: `p/a` does not select `p/ab/…`. */
class FolderPrefix extends ReferenceProvider {
  protected override matchesPrefix(key: string, prefix: string): boolean {
    return key.startsWith(prefix) && (prefix === '' || prefix.endsWith('/') || key.charAt(prefix.length) === '/');
  }
}

/** `pageSize` is ignored: one page holds everything. */
class IgnoresPageSize extends ReferenceProvider {
  override async listPage(options: P.ListPageOptions = {}): Promise<P.ListPage> {
    const { pageSize: _ignored, ...rest } = options;
    return super.listPage(rest);
  }
}

/** Copying a missing source silently does nothing. */
class CopyMissingResolves extends ReferenceProvider {
  override async copy(from: string, to: string): Promise<void> {
    if (!(await this.exists(from))) return;
    return super.copy(from, to);
  }
}

/** Keys are validated but not NFC-normalized: `é` typed two ways is two keys. */
class NoNfc extends ReferenceProvider {
  protected override checkKey(key: unknown): string {
    normalizeKey(key);
    return key as string;
  }
}

/** Every broken variant, each with exactly the clauses it must fail. */
export const BROKEN_VARIANTS: BrokenVariant[] = [
  { name: 'truncates data', provider: Truncating, fails: ['upload.roundtrip.12mib', 'upload.memory'] },
  {
    name: 'checks metadata names by its own rule',
    provider: OwnMetadataRule,
    fails: ['upload.input.metadata-rule'],
    notes: { 'upload.input.metadata-rule': /refused metadata name "-a", which the rule allows.*accepted metadata names "A", "Ab", "a_b", "a\.b", .*which the rule refuses/ },
  },
  { name: 'drops metadata', provider: DropsMetadata, fails: ['upload.overwrite', 'upload.input.metadata-rule', 'metadata.roundtrip', 'copy.roundtrip', 'resumable.roundtrip'] },
  { name: 'fails on a second delete', provider: DeleteNotIdempotent, fails: ['delete.idempotent'] },
  { name: 'accepts traversal keys', provider: AcceptsTraversal, fails: ['keys.traversal'] },
  { name: 'leaves a partial object on abort', provider: PartialOnAbort, fails: ['upload.abort.signal', 'upload.abort.source-error', 'upload.on-chunk'] },
  { name: 'ignores ranges', provider: IgnoresRanges, fails: ['read.range.start', 'read.range.end', 'read.range.suffix', 'read.range.out-of-range'] },
  { name: 'signs URLs that never expire', provider: NeverExpires, fails: ['signedUrl.expired'] },
  { name: 'buffers whole files in memory', provider: BuffersInMemory, fails: ['upload.memory'] },
  { name: 'ignores maxSize', provider: IgnoresMaxSize, fails: ['upload.max-size'] },
  { name: 'ignores the expected checksum', provider: IgnoresChecksum, fails: ['upload.checksum.mismatch'] },
  { name: 'ignores the abort signal', provider: IgnoresSignal, fails: ['upload.abort.signal'] },
  { name: 'ignores the declared size', provider: IgnoresSize, fails: ['upload.size-mismatch'] },
  { name: 'ignores minSize', provider: IgnoresMinSize, fails: ['upload.min-size'] },
  { name: 'does not call onChunk', provider: IgnoresOnChunk, fails: ['upload.on-chunk'] },
  { name: 'does not verify signatures', provider: AcceptsTampering, fails: ['signedUrl.tamper'] },
  { name: 'treats the list prefix as a folder', provider: FolderPrefix, fails: ['list.prefix'] },
  { name: 'ignores pageSize', provider: IgnoresPageSize, fails: ['list.pagination'] },
  { name: 'copies a missing source without error', provider: CopyMissingResolves, fails: ['copy.not-found'] },
  { name: 'does not NFC-normalize keys', provider: NoNfc, fails: ['keys.nfc'] },
  ...BROKEN_RESUMABLE,
];

import { createReadStream } from 'node:fs';
import { readFile, type open } from 'node:fs/promises';
import { StowageError } from '../../errors.js';
import type * as P from '../../provider.js';
import type { BrokenVariant } from './broken-providers.js';
import { ReferenceProvider } from './reference-provider.js';
import { ReferenceResumable } from './reference-resumable.js';

type FileHandle = Awaited<ReturnType<typeof open>>;

/** Appends where the file ends, not at the handle's offset: an earlier handle no longer rewinds. */
class AppendsAtEnd extends ReferenceResumable {
  protected override async writeAt(file: FileHandle, _offset: number, body: AsyncIterable<Buffer>): Promise<number> {
    let position = (await file.stat()).size;
    for await (const chunk of body) {
      await file.write(chunk, 0, chunk.length, position);
      position += chunk.length;
    }
    return position;
  }
}

/** Copies the bytes so far to the key after every append (a "preview" that makes partial uploads readable). */
class ReadableBeforeComplete extends ReferenceResumable {
  override async append(handle: P.ResumableHandle, body: P.UploadBody, options?: P.ResumableAppendOptions): Promise<P.ResumableHandle> {
    const next = await super.append(handle, body, options);
    const { id } = await this.started(next);
    await this.host.upload({ key: next.key, body: createReadStream(this.paths(id).part) });
    return next;
  }
}

/** Hands the append's maxSize to nobody. */
class IgnoresAppendMax extends ReferenceResumable {
  override append(handle: P.ResumableHandle, body: P.UploadBody, options: P.ResumableAppendOptions = {}): Promise<P.ResumableHandle> {
    const { maxSize: _ignored, ...rest } = options;
    return super.append(handle, body, rest);
  }
}

/** A body that fails midway counts as a short append: what arrived is kept and the call resolves. */
class KeepsFailedAppend extends ReferenceResumable {
  protected override async writeAt(file: FileHandle, offset: number, body: AsyncIterable<Buffer>): Promise<number> {
    await file.truncate(offset);
    let position = offset;
    try {
      for await (const chunk of body) {
        await file.write(chunk, 0, chunk.length, position);
        position += chunk.length;
      }
    } catch {
      // "the client went away": keep what came
    }
    return position;
  }
}

/** Refuses to complete an upload nothing was appended to. */
class RefusesEmpty extends ReferenceResumable {
  override complete(handle: P.ResumableHandle, options?: P.ResumableCompleteOptions): Promise<P.UploadResult> {
    if (handle.offset === 0) return Promise.reject(new StowageError('INVALID_INPUT', 'Nothing was appended'));
    return super.complete(handle, options);
  }
}

/** Abort does nothing: the pieces stay, and the upload goes on accepting appends. */
class AbortIsNoop extends ReferenceResumable {
  override async abort(): Promise<void> {}
}

/** Trusts handles: takes the upload id from any state and the offset as it comes. */
class TrustsHandles extends ReferenceResumable {
  protected override async started(handle: unknown) {
    const trusted = handle as P.ResumableHandle;
    const id = String((trusted.state as { id?: unknown }).id);
    const text = await readFile(this.paths(id).started, 'utf8').catch(() => Promise.reject(new StowageError('NOT_FOUND', `No resumable upload "${id}"`)));
    const started = JSON.parse(text) as { key: string; options: object };
    return { handle: trusted, id, started };
  }
}

/** Completes without what create was told: the object gets the default MIME type and no metadata. */
class ForgetsCreateOptions extends ReferenceResumable {
  protected override async started(handle: unknown) {
    const found = await super.started(handle);
    return { ...found, started: { ...found.started, options: {} } };
  }
}

/** A reference provider whose resumable uploads are `Parts`. */
function withParts(Parts: typeof ReferenceResumable): typeof ReferenceProvider {
  return class extends ReferenceProvider {
    protected override readonly parts: ReferenceResumable = new Parts(this);
  };
}

/** The resumable capability's broken variants, each with exactly the clauses it must fail. */
export const BROKEN_RESUMABLE: BrokenVariant[] = [
  { name: 'appends at the end, not at the offset', provider: withParts(AppendsAtEnd), fails: ['resumable.rewind', 'resumable.failed-append', 'resumable.max-size'] },
  { name: 'makes a partial upload readable', provider: withParts(ReadableBeforeComplete), fails: ['resumable.roundtrip', 'resumable.abort'], notes: { 'resumable.roundtrip': /before completeResumable/ } },
  { name: 'ignores the append maxSize', provider: withParts(IgnoresAppendMax), fails: ['resumable.max-size'] },
  { name: 'keeps what a failed append read', provider: withParts(KeepsFailedAppend), fails: ['resumable.failed-append', 'resumable.max-size'] },
  { name: 'refuses an empty completion', provider: withParts(RefusesEmpty), fails: ['resumable.empty'] },
  { name: 'does nothing on abort', provider: withParts(AbortIsNoop), fails: ['resumable.abort'] },
  { name: 'trusts any handle', provider: withParts(TrustsHandles), fails: ['resumable.handle-rule'] },
  { name: 'forgets the MIME type and metadata', provider: withParts(ForgetsCreateOptions), fails: ['resumable.roundtrip'], notes: { 'resumable.roundtrip': /contentType/ } },
];

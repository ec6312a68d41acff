import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StowageError } from '../../errors.js';
import type * as P from '../../provider.js';
import { checkResumableHandle, meterAppend, stateField } from '../../toolkit/resumable.js';
import { checkUploadInput } from '../../toolkit/upload-input.js';
import { toReadable } from '../../to-readable.js';

/** What the reference provider needs of itself to keep resumable uploads. */
export interface ResumableHost {
  readonly name: string;
  readonly root: string;
  upload(input: P.UploadInput): Promise<P.UploadResult>;
}

/** One upload in progress: `parts/<id>.json` (what create was told) beside `parts/<id>.part` (the bytes). */
interface Started {
  key: string;
  options: Pick<P.UploadInput, 'contentType' | 'cacheControl' | 'contentDisposition' | 'metadata'>;
}

const isId = (value: unknown): value is string => typeof value === 'string' && /^[0-9a-f]{24}$/.test(value);
const enoent = (error: unknown) => (error as NodeJS.ErrnoException)?.code === 'ENOENT';

/**
 * The reference provider's `resumable` capability, for the kit's self-test: the bytes so far in one file,
 * cut back to the handle's offset before each append (so an earlier handle stays valid); completion
 * streams them through the provider's own `upload`, which hashes and commits them atomically.
 */
export class ReferenceResumable {
  constructor(readonly host: ResumableHost) {}

  protected paths(id: string): { part: string; started: string } {
    return { part: join(this.host.root, 'parts', `${id}.part`), started: join(this.host.root, 'parts', `${id}.json`) };
  }

  protected async started(handle: unknown): Promise<{ handle: P.ResumableHandle; id: string; started: Started }> {
    const checked = checkResumableHandle(handle, { provider: this.host.name });
    const id = stateField(checked, 'id', isId, { provider: this.host.name });
    const started = await readFile(this.paths(id).started, 'utf8').catch((error: unknown) => {
      if (enoent(error)) throw new StowageError('NOT_FOUND', `No resumable upload "${id}" (completed or aborted)`, { key: checked.key, provider: this.host.name });
      throw error;
    });
    const parsed = JSON.parse(started) as Started;
    if (parsed.key !== checked.key) throw new StowageError('INVALID_INPUT', 'Invalid resumable handle: its key is not the one the upload was created for', { key: checked.key });
    return { handle: checked, id, started: parsed };
  }

  async create(key: string, options: P.ResumableCreateOptions = {}): Promise<P.ResumableHandle> {
    const checked = checkUploadInput({ ...options, key, body: new Uint8Array(0) }, { provider: this.host.name });
    const id = randomBytes(12).toString('hex');
    await mkdir(join(this.host.root, 'parts'), { recursive: true });
    const { part, started } = this.paths(id);
    await writeFile(part, '', { flag: 'wx' });
    const record: Started = { key: checked.key, options: { contentType: checked.contentType, metadata: checked.metadata, cacheControl: checked.cacheControl, contentDisposition: checked.contentDisposition } };
    await writeFile(started, JSON.stringify(record), { flag: 'wx' });
    return { key: checked.key, offset: 0, state: { id } };
  }

  async append(raw: P.ResumableHandle, body: P.UploadBody, options: P.ResumableAppendOptions = {}): Promise<P.ResumableHandle> {
    const { handle, id } = await this.started(raw);
    const meter = meterAppend(handle, body, options);
    const file = await open(this.paths(id).part, 'r+');
    try {
      if ((await file.stat()).size < handle.offset) throw new StowageError('INVALID_INPUT', `Invalid resumable handle offset: only ${(await file.stat()).size} bytes were received`, { key: handle.key });
      const position = await this.writeAt(file, handle.offset, meter);
      await file.datasync();
      return { ...handle, offset: position };
    } finally {
      await file.close();
    }
  }

  /** Cuts the file back to `offset` and writes the body from there; answers the end. */
  protected async writeAt(file: Awaited<ReturnType<typeof open>>, offset: number, body: AsyncIterable<Buffer>): Promise<number> {
    await file.truncate(offset);
    let position = offset;
    for await (const chunk of body) {
      await file.write(chunk, 0, chunk.length, position);
      position += chunk.length;
    }
    return position;
  }

  async complete(raw: P.ResumableHandle, options: P.ResumableCompleteOptions = {}): Promise<P.UploadResult> {
    const { handle, id, started } = await this.started(raw);
    const { part } = this.paths(id);
    const body = handle.offset === 0 ? toReadable(new Uint8Array(0)) : createReadStream(part, { start: 0, end: handle.offset - 1 });
    const result = await this.host.upload({ key: handle.key, body, size: handle.offset, ...started.options, ...options });
    await this.abort(handle);
    return result;
  }

  async abort(raw: P.ResumableHandle): Promise<void> {
    const handle = checkResumableHandle(raw, { provider: this.host.name });
    const { part, started } = this.paths(stateField(handle, 'id', isId, { provider: this.host.name }));
    await rm(started, { force: true });
    await rm(part, { force: true });
  }
}

import { randomBytes } from 'node:crypto';
import { createReadStream, mkdirSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  checkResumableHandle,
  checkUploadInput,
  meterAppend,
  StowageError,
  stateField,
  toReadable,
  type Provider,
  type ResumableAppendOptions,
  type ResumableCapability,
  type ResumableCompleteOptions,
  type ResumableCreateOptions,
  type ResumableHandle,
  type UploadBody,
  type UploadResult,
} from '@stowage/core';

const isId = (value: unknown): value is string => typeof value === 'string' && /^[0-9a-f]{24}$/.test(value);
const isObject = (value: unknown): value is ResumableCreateOptions => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The fallback for a provider that does not declare `resumable`: the bytes so far wait in one file per
 * upload in the staging directory (which every instance that may resume the upload must share), cut back
 * to the handle's offset before each append; the last byte streams them through the provider's `upload`,
 * which hashes and commits them all or nothing. What create was told travels in the handle.
 */
export class StagedResumable implements ResumableCapability {
  readonly #dir: string;

  constructor(
    readonly provider: Provider,
    dir: string,
  ) {
    this.#dir = resolve(dir);
    mkdirSync(this.#dir, { recursive: true });
  }

  #file(handle: ResumableHandle): string {
    return join(this.#dir, `${stateField(handle, 'id', isId)}.part`);
  }

  async createResumable(key: string, options: ResumableCreateOptions = {}): Promise<ResumableHandle> {
    const { signal: _signal, ...fields } = options;
    const checked = checkUploadInput({ ...fields, key, body: new Uint8Array(0) });
    const id = randomBytes(12).toString('hex');
    await (await open(join(this.#dir, `${id}.part`), 'wx')).close();
    return { key: checked.key, offset: 0, state: { id, options: JSON.parse(JSON.stringify(fields)) as Record<string, unknown> } };
  }

  async appendResumable(raw: ResumableHandle, body: UploadBody, options: ResumableAppendOptions = {}): Promise<ResumableHandle> {
    const handle = checkResumableHandle(raw);
    const meter = meterAppend(handle, body, options);
    meter.on('error', () => undefined);
    const file = await open(this.#file(handle), 'r+').catch((error: unknown) => {
      meter.destroy();
      throw missing(error, handle);
    });
    try {
      if ((await file.stat()).size < handle.offset) throw new StowageError('INVALID_INPUT', `Invalid resumable handle offset: ${handle.offset} is past the bytes staged`, { key: handle.key });
      await file.truncate(handle.offset);
      let position = handle.offset;
      // Positioned writes: each chunk lands at its offset, whatever the file held past it.
      for await (const chunk of meter as AsyncIterable<Buffer>) {
        await file.write(chunk, 0, chunk.length, position);
        position += chunk.length;
      }
      await file.datasync();
      return { ...handle, offset: position };
    } catch (error) {
      meter.destroy();
      throw error;
    } finally {
      await file.close();
    }
  }

  async completeResumable(raw: ResumableHandle, options: ResumableCompleteOptions = {}): Promise<UploadResult> {
    const handle = checkResumableHandle(raw);
    const path = this.#file(handle);
    const fields = stateField(handle, 'options', isObject);
    const body = await open(path, 'r').then(
      async (file) => {
        await file.close();
        return handle.offset === 0 ? toReadable(new Uint8Array(0)) : createReadStream(path, { start: 0, end: handle.offset - 1 });
      },
      (error: unknown) => Promise.reject(missing(error, handle)),
    );
    const result = await this.provider.upload({ ...fields, ...options, key: handle.key, body, size: handle.offset });
    await rm(path, { force: true });
    return result;
  }

  async abortResumable(raw: ResumableHandle): Promise<void> {
    await rm(this.#file(checkResumableHandle(raw)), { force: true });
  }
}

function missing(error: unknown, handle: ResumableHandle): unknown {
  if ((error as { code?: string }).code !== 'ENOENT') return error;
  return new StowageError('NOT_FOUND', 'The resumable upload was completed or aborted', { key: handle.key });
}

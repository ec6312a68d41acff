import { createSHA256, type IHasher } from 'hash-wasm';
import { StowageError } from '../errors.js';
import { normalizeKey } from '../keys.js';
import type { ResumableAppendOptions, ResumableHandle, UploadBody } from '../provider.js';
import { toReadable } from '../to-readable.js';
import { meterUpload, type UploadMeter } from '../upload-meter.js';
import { invalidInput, type RuleContext } from './rule-error.js';

/**
 * THE rule for a handle handed back to `appendResumable`, `completeResumable` or `abortResumable`: an
 * object with a key that passes `normalizeKey`, a whole non-negative `offset` and an object `state`.
 * Providers check their own fields of `state` with {@link stateField}.
 * @throws `INVALID_KEY`; `INVALID_INPUT` naming the field.
 */
export function checkResumableHandle(handle: unknown, context: Pick<RuleContext, 'provider'> = {}): ResumableHandle {
  if (typeof handle !== 'object' || handle === null) throw invalidInput('resumable handle', 'the object createResumable or appendResumable answered', context);
  const { key, offset, state } = handle as Partial<ResumableHandle>;
  const at: RuleContext = { ...context, key: normalizeKey(key) };
  if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0) throw invalidInput('resumable handle offset', 'a whole number of bytes, 0 or more', at);
  if (typeof state !== 'object' || state === null || Array.isArray(state)) throw invalidInput('resumable handle state', 'the object this provider issued', at);
  return { key: at.key as string, offset, state };
}

/**
 * One field of a handle's `state`, checked with `valid`.
 * @throws `INVALID_INPUT` naming the field when it is missing or not what this provider issues.
 */
export function stateField<T>(handle: ResumableHandle, field: string, valid: (value: unknown) => value is T, context: Pick<RuleContext, 'provider'> = {}): T {
  const value = handle.state[field];
  if (!valid(value)) throw invalidInput(`resumable handle state.${field}`, 'the value this provider issued', { ...context, key: handle.key });
  return value;
}

/**
 * A SHA-256 that survives between requests: its state after the bytes so far is saved in the handle
 * (base64, about 150 characters), so the digest of a whole resumable upload costs one pass over the bytes.
 */
export class ResumableDigest {
  readonly #hasher: IHasher;

  private constructor(hasher: IHasher) {
    this.#hasher = hasher;
  }

  /**
   * The digest after the bytes that `saved` (from {@link save}) had seen, or of nothing.
   * @throws `INVALID_INPUT` for a state that is not one this class saved.
   */
  static async resume(saved?: string, context: RuleContext = {}): Promise<ResumableDigest> {
    const hasher = await createSHA256();
    hasher.init();
    if (saved !== undefined) {
      try {
        hasher.load(Buffer.from(saved, 'base64'));
      } catch (cause) {
        throw new StowageError('INVALID_INPUT', 'Invalid resumable handle state: its digest state is not one this provider saved', { ...context, cause });
      }
    }
    return new ResumableDigest(hasher);
  }

  update(chunk: Uint8Array): void {
    this.#hasher.update(chunk);
  }

  /** The state after every byte so far, to keep in the next handle. */
  save(): string {
    return Buffer.from(this.#hasher.save()).toString('base64');
  }

  /** The SHA-256 of every byte, as 64 lower-case hex digits. Ends this digest. */
  hex(): string {
    return this.#hasher.digest('hex');
  }
}

/**
 * The body of an append, metered as an upload's is: `onChunk`, `signal` and `maxSize` (a total, so the
 * meter gets what is left of it after `offset`). Iterate it and hand each chunk to the backend.
 * @throws `TOO_LARGE` at once when `offset` already passes `maxSize`.
 */
export function meterAppend(handle: ResumableHandle, body: UploadBody, options: ResumableAppendOptions = {}): UploadMeter {
  const { maxSize, onChunk, signal } = options;
  if (maxSize !== undefined && handle.offset > maxSize) {
    throw new StowageError('TOO_LARGE', `The upload has ${handle.offset} bytes, more than maxSize ${maxSize}`, { key: handle.key, details: { limit: maxSize } });
  }
  return meterUpload(toReadable(body), {
    key: handle.key,
    ...(maxSize === undefined ? {} : { maxSize: maxSize - handle.offset }),
    ...(onChunk === undefined ? {} : { onChunk }),
    ...(signal === undefined ? {} : { signal }),
  });
}

import { randomBytes } from 'node:crypto';
import { checkResumableHandle, stateField, StowageError, type ResumableHandle } from '@stowage/core';
import { resolveKey, type AzureContext } from './context.js';
import { PROVIDER } from './errors.js';

/** Azure's limit of committed blocks per blob. */
export const MAX_BLOCKS = 50_000;

/**
 * One append that staged blocks: its random token, its block count and its bytes. Block ids derive from
 * the upload's nonce, the token and the index, so the handle grows with appends, not with blocks (a
 * 50,000-block list would be about 3 MB of JSON in every handle).
 */
export type StagedAppend = [token: string, blocks: number, bytes: number];

/** What the provider keeps in a handle's `state`. */
export interface AzureResumableState {
  /** The upload's random id: its marker's name and the prefix of its block ids. */
  nonce: string;
  /** The appends that make up the bytes so far, in order. */
  appends: StagedAppend[];
  /** The SHA-256 state after every byte so far (`ResumableDigest.save()`). */
  digest: string;
  [field: string]: unknown;
}

/** A checked handle, its state, and the blob name it completes to. */
export interface ParsedHandle {
  handle: ResumableHandle;
  state: AzureResumableState;
  stored: string;
}

const NONCE = /^[0-9a-f]{24}$/;
const TOKEN = /^[0-9a-f]{12}$/;
const context = { provider: PROVIDER };

const isNonce = (value: unknown): value is string => typeof value === 'string' && NONCE.test(value);
const isDigest = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length < 1024;
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0;
const isAppends = (value: unknown): value is StagedAppend[] =>
  Array.isArray(value) &&
  value.every((entry) => Array.isArray(entry) && entry.length === 3 && typeof entry[0] === 'string' && TOKEN.test(entry[0]) && isCount(entry[1]) && isCount(entry[2]));

/** A fresh upload nonce (96 random bits). */
export const newNonce = (): string => randomBytes(12).toString('hex');

/** A fresh append token (48 random bits): each append gets its own ids, so no append overwrites another's blocks. */
export const newToken = (): string => randomBytes(6).toString('hex');

/** The nonce of a handle: all `abortResumable` needs. @throws `INVALID_KEY`, `INVALID_INPUT`. */
export function nonceOf(ctx: AzureContext, raw: unknown): { handle: ResumableHandle; nonce: string; stored: string } {
  const handle = checkResumableHandle(raw, context);
  const { stored } = resolveKey(ctx, handle.key);
  return { handle, nonce: stateField(handle, 'nonce', isNonce, context), stored };
}

/**
 * Checks a handle handed back by a caller: core's rule, the key (reserved keys refused), and this
 * provider's state, whose appends must add up to the offset.
 * @throws `INVALID_KEY`; `INVALID_INPUT` naming the field.
 */
export function parseHandle(ctx: AzureContext, raw: unknown): ParsedHandle {
  const { handle, nonce, stored } = nonceOf(ctx, raw);
  const appends = stateField(handle, 'appends', isAppends, context);
  const digest = stateField(handle, 'digest', isDigest, context);
  const bytes = appends.reduce((sum, [, , n]) => sum + n, 0);
  if (bytes !== handle.offset) {
    throw new StowageError('INVALID_INPUT', `Invalid resumable handle offset: its state holds ${bytes} bytes, not ${handle.offset}`, { key: handle.key, provider: PROVIDER });
  }
  return { handle, state: { ...handle.state, nonce, appends, digest }, stored };
}

/** The number of blocks the state holds. */
export const blockCount = (state: AzureResumableState): number => state.appends.reduce((sum, [, blocks]) => sum + blocks, 0);

/**
 * The id of block `index` of one append. Every id of one blob must have the same length, the SDK's own
 * uploads included (Azure refuses a Put Block whose id length differs from the staged ones with
 * `InvalidBlobOrBlock`): so 48 characters, base64-encoded to 64, as the SDK's `uploadStream` makes them.
 */
export function blockId(nonce: string, token: string, index: number): string {
  return Buffer.from(`${nonce}-${token}-${index.toString().padStart(10, '0')}`, 'ascii').toString('base64');
}

/** Every block id of the upload, in order: the list `completeResumable` commits. */
export function blockIds(state: AzureResumableState): string[] {
  return state.appends.flatMap(([token, blocks]) => Array.from({ length: blocks }, (_, index) => blockId(state.nonce, token, index)));
}

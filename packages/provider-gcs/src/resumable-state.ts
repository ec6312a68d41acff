import { checkResumableHandle, stateField, type StowageError, type ResumableHandle } from '@stowage/core';
import { HIDDEN_FOLDER, type GcsContext } from './context.js';
import { gcsError, mapErrors, PROVIDER_NAME } from './errors.js';

/** One appended piece: a hidden object of the upload's folder. */
export interface Part {
  /** Its name inside the upload's folder: `<offset>-<random>`, unique to the append that wrote it. */
  name: string;
  /** Its size in bytes. */
  size: number;
}

/**
 * What a GCS resumable handle's `state` holds. Plain JSON, trusted as this provider issued it (as the
 * digest is): a part whose size was edited is not re-measured before it is composed.
 */
export interface GcsResumableState {
  /** The upload's random id: its folder is `.stowage-resumable/<nonce>/` under the prefix. */
  nonce: string;
  /** The pieces so far, in order; their sizes add up to the handle's offset. */
  parts: Part[];
  /** The SHA-256 state after every byte so far (core's `ResumableDigest`). */
  digest: string;
}

/** What `createResumable` was told, kept in the upload's marker object until completion or abort. */
export interface Marker {
  key: string;
  contentType: string;
  cacheControl?: string;
  contentDisposition?: string;
  metadata?: Record<string, string>;
}

const NONCE = /^[0-9a-f]{32}$/;
const PART_NAME = /^(\d+)-[0-9a-f]{16}$/;
const context = { provider: PROVIDER_NAME };

const isNonce = (value: unknown): value is string => typeof value === 'string' && NONCE.test(value);
const isDigest = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length < 1024;
const isParts = (value: unknown): value is Part[] =>
  Array.isArray(value) &&
  value.every((part: Partial<Part> | null) => typeof part?.name === 'string' && PART_NAME.test(part.name) && Number.isSafeInteger(part.size) && (part.size as number) > 0);

/** The stored-name prefix of the upload `nonce`'s hidden objects, ending with `/`. */
export function uploadFolder(ctx: GcsContext, nonce: string): string {
  return `${ctx.prefix === '' ? '' : `${ctx.prefix}/`}${HIDDEN_FOLDER}/${nonce}/`;
}

/** The stored name of the marker whose existence means the upload is still in progress. */
export function markerName(ctx: GcsContext, nonce: string): string {
  return `${uploadFolder(ctx, nonce)}started`;
}

/**
 * Core's handle rule, then this provider's state: a nonce, parts named after the offset each starts at,
 * their sizes adding up to `offset`, and a digest state.
 * @throws `INVALID_KEY`; `INVALID_INPUT` naming the field, for a handle this provider did not issue.
 */
export function parseHandle(raw: unknown): { handle: ResumableHandle; state: GcsResumableState } {
  const handle = checkResumableHandle(raw, context);
  const nonce = stateField(handle, 'nonce', isNonce, context);
  const parts = stateField(handle, 'parts', isParts, context);
  const digest = stateField(handle, 'digest', isDigest, context);
  let offset = 0;
  for (const part of parts) {
    if (Number(PART_NAME.exec(part.name)?.[1]) !== offset) throw invalidState(handle, 'its parts do not follow each other');
    offset += part.size;
  }
  if (offset !== handle.offset) throw invalidState(handle, `its parts hold ${offset} bytes, not its offset ${handle.offset}`);
  return { handle, state: { nonce, parts: parts.map(({ name, size }) => ({ name, size })), digest } };
}

/** The handle after `state`'s parts. */
export function toHandle(key: string, state: GcsResumableState): ResumableHandle {
  const offset = state.parts.reduce((sum, part) => sum + part.size, 0);
  return { key, offset, state: { nonce: state.nonce, parts: state.parts, digest: state.digest } };
}

/**
 * Reads the upload's marker: what create was told, and proof that the upload is still in progress.
 * @throws `NOT_FOUND` once the upload was completed or aborted; `INVALID_INPUT` when the handle's key is
 *   not the one the upload was created for.
 */
export async function readMarker(ctx: GcsContext, handle: ResumableHandle, nonce: string): Promise<Marker> {
  const [bytes] = await mapErrors({ key: handle.key, operation: 'resumable upload lookup', notFound: 'No such resumable upload: it was completed or aborted' }, () =>
    ctx.bucket.file(markerName(ctx, nonce)).download(),
  );
  let marker: Partial<Marker> | undefined;
  try {
    marker = JSON.parse(bytes.toString('utf8')) as Partial<Marker>;
  } catch {
    marker = undefined;
  }
  if (typeof marker?.key !== 'string' || typeof marker.contentType !== 'string') throw invalidState(handle, 'its upload marker is not one this provider wrote');
  if (marker.key !== handle.key) throw invalidState(handle, 'its key is not the one the upload was created for');
  return marker as Marker;
}

function invalidState(handle: ResumableHandle, why: string): StowageError {
  return gcsError('INVALID_INPUT', `Invalid resumable handle: ${why}`, handle.key);
}

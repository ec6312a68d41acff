import { GetObjectCommand } from '@aws-sdk/client-s3';
import { checkResumableHandle, stateField, StowageError, type ResumableHandle } from '@stowage/core';
import type { S3Context } from './context.js';
import { resumablePaths, type ResumablePaths } from './resumable-paths.js';

/** One piece of a resumable upload: a hidden object of `size` bytes, in upload order. */
export interface Piece {
  /** Its name in the upload's folder: `<offset>-<random>`, unique to the append that wrote it. */
  name: string;
  size: number;
}

/** What `handle.state` holds for this provider. */
export interface S3ResumableState {
  /** The upload's own id: its folder's name. */
  id: string;
  /** Every piece so far; each but the last has at least 5 MiB (the last one is re-read by the next append when smaller). */
  pieces: Piece[];
  /** The SHA-256 state after every byte so far (`ResumableDigest.save`). */
  digest: string;
}

/** What `createResumable` was told, kept in the upload's manifest object. */
export interface Manifest {
  key: string;
  contentType: string;
  cacheControl?: string;
  contentDisposition?: string;
  /** As S3 headers, encoded by `encodeMetadata`. */
  metadata: Record<string, string>;
}

const ID = /^[0-9a-f]{32}$/;
const PIECE = /^[0-9]{1,16}-[0-9a-f]{16}$/;
const isId = (value: unknown): value is string => typeof value === 'string' && ID.test(value);
const isDigest = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length < 1024;
const isPieces = (value: unknown): value is Piece[] =>
  Array.isArray(value) &&
  value.every((p: Partial<Piece> | null) => typeof p === 'object' && p !== null && typeof p.name === 'string' && PIECE.test(p.name) && Number.isSafeInteger(p.size) && (p.size as number) > 0);

/** A handle checked by core's rule, with this provider's state. */
export interface CheckedHandle {
  handle: ResumableHandle;
  state: S3ResumableState;
  paths: ResumablePaths;
}

/**
 * Checks a handle handed back by a caller: core's rule, then each state field. Piece names are checked
 * by pattern so a handle edited in its database cannot make the provider read or delete other objects.
 * @throws `INVALID_KEY`; `INVALID_INPUT` naming the bad field, or when the pieces do not add up to the offset.
 */
export function checkHandle(ctx: S3Context, raw: unknown): CheckedHandle {
  const context = { provider: 'aws-s3' };
  const handle = checkResumableHandle(raw, context);
  ctx.resolveKey(handle.key);
  const state = { id: stateField(handle, 'id', isId, context), pieces: stateField(handle, 'pieces', isPieces, context), digest: stateField(handle, 'digest', isDigest, context) };
  const total = state.pieces.reduce((sum, p) => sum + p.size, 0);
  if (total !== handle.offset) throw new StowageError('INVALID_INPUT', `Invalid resumable handle: its pieces hold ${total} bytes, not its offset ${handle.offset}`, { key: handle.key, provider: 'aws-s3' });
  return { handle, state, paths: resumablePaths(ctx.options.rootPath, state.id) };
}

/**
 * Reads the upload's manifest: its presence is what tells a live upload from one completed or aborted.
 * @throws `NOT_FOUND` when it is gone; `INVALID_INPUT` when the handle names another key.
 */
export async function readManifest(ctx: S3Context, checked: CheckedHandle, operation: string, signal?: AbortSignal): Promise<Manifest> {
  const { handle, state, paths } = checked;
  let text: string;
  try {
    const got = await ctx.client.send(new GetObjectCommand({ Bucket: ctx.bucket, Key: paths.manifest }), { abortSignal: signal });
    text = (await got.Body?.transformToString('utf8')) ?? '';
  } catch (error) {
    const mapped = ctx.error(error, operation, handle.key);
    if (mapped.code === 'NOT_FOUND') throw new StowageError('NOT_FOUND', `No resumable upload "${state.id}" for "${handle.key}" (completed or aborted)`, { key: handle.key, provider: 'aws-s3', cause: error });
    throw mapped;
  }
  const manifest = JSON.parse(text) as Manifest;
  if (manifest.key !== handle.key) throw new StowageError('INVALID_INPUT', 'Invalid resumable handle: its key is not the one the upload was created for', { key: handle.key, provider: 'aws-s3' });
  return manifest;
}

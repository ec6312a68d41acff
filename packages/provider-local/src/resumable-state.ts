import { constants } from 'node:fs';
import { join } from 'node:path';
import { checkResumableHandle, StowageError, stateField, type ResumableHandle } from '@stowage/core';
import type { LocalContext } from './context.js';
import { mapFsError, PROVIDER_NAME } from './errors.js';
import type { Sidecar } from './metadata.js';
import { RESERVED_PREFIX } from './paths.js';

/** Where unfinished resumable uploads live, relative to the root (hidden like every `.stowage` name). */
export const RESUMABLE_DIR = [RESERVED_PREFIX, 'resumable'] as const;

/** What `createResumable` was told, kept beside the bytes until completion: the object's sidecar fields. */
export type StartedUpload = { key: string } & Pick<Sidecar, 'contentType' | 'cacheControl' | 'contentDisposition' | 'metadata'>;

/** A local handle's state: the upload's id and the SHA-256 state after `offset` bytes. */
export interface LocalResumableState {
  id: string;
  digest: string;
  [field: string]: unknown;
}

/** The files of one upload: `<id>.part` (the bytes, appended in place) and `<id>.json` ({@link StartedUpload}). */
export function uploadFiles(ctx: LocalContext, id: string): { part: string; started: string } {
  const dir = join(ctx.root, ...RESUMABLE_DIR);
  return { part: join(dir, `${id}.part`), started: join(dir, `${id}.json`) };
}

const isId = (value: unknown): value is string => typeof value === 'string' && /^[0-9a-f]{24}$/.test(value);

/** The upload id in a handle's state. @throws `INVALID_INPUT` for a state this provider did not issue. */
export const uploadId = (handle: ResumableHandle): string => stateField(handle, 'id', isId, { provider: PROVIDER_NAME });
const isDigest = (value: unknown): value is string => typeof value === 'string' && /^[A-Za-z0-9+/]+={0,2}$/.test(value);

/**
 * Checks a handle by core's rule and this provider's state fields, and finds its upload.
 * @throws `INVALID_INPUT` for a foreign handle or one whose key is not the upload's; `NOT_FOUND` for an
 *   upload completed or aborted.
 */
export async function findUpload(ctx: LocalContext, raw: unknown): Promise<{ handle: ResumableHandle; state: LocalResumableState; started: StartedUpload; files: { part: string; started: string } }> {
  const handle = checkResumableHandle(raw, { provider: PROVIDER_NAME });
  const state = { id: uploadId(handle), digest: stateField(handle, 'digest', isDigest, { provider: PROVIDER_NAME }) };
  const files = uploadFiles(ctx, state.id);
  let started: StartedUpload;
  try {
    started = JSON.parse((await ctx.fs.readSmallFile(files.started, 64 * 1024)).toString('utf8')) as StartedUpload;
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') {
      throw new StowageError('NOT_FOUND', `No resumable upload "${state.id}": it was completed or aborted`, { key: handle.key, provider: PROVIDER_NAME });
    }
    throw mapFsError(error, 'read', handle.key);
  }
  if (started.key !== handle.key) {
    throw new StowageError('INVALID_INPUT', `Invalid resumable handle key: upload "${state.id}" is for another key`, { key: handle.key, provider: PROVIDER_NAME });
  }
  return { handle, state, started, files };
}

/**
 * Opens an upload's bytes for writing and cuts them back to `offset`: whatever a failed append or an append
 * at a later handle wrote past it is dropped. No create flag: an upload aborted meanwhile stays gone.
 */
export async function openAt(ctx: LocalContext, part: string, handle: ResumableHandle): Promise<number> {
  const fd = await ctx.fs.open(part, constants.O_WRONLY | constants.O_APPEND).catch((error: unknown) => {
    if ((error as { code?: string }).code === 'ENOENT') throw new StowageError('NOT_FOUND', 'The resumable upload was completed or aborted meanwhile', { key: handle.key, provider: PROVIDER_NAME });
    throw mapFsError(error, 'write', handle.key);
  });
  try {
    const { size } = await ctx.fs.fstat(fd);
    if (size < handle.offset) {
      throw new StowageError('INVALID_INPUT', `Invalid resumable handle offset: ${handle.offset} is past the ${size} bytes received`, { key: handle.key, provider: PROVIDER_NAME });
    }
    await ctx.fs.ftruncate(fd, handle.offset);
    return fd;
  } catch (error) {
    await ctx.fs.close(fd).catch(() => undefined);
    throw error;
  }
}

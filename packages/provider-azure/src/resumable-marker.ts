import { isStowageError, StowageError, type CheckedUploadInput } from '@stowage/core';
import type { AzureContext } from './context.js';
import { mapErrors, PROVIDER, type ErrorContext } from './errors.js';
import { RESUMABLE_FOLDER } from './reserved-keys.js';

/**
 * What `createResumable` was told, kept in the upload's marker blob until completion or abort. The
 * marker's existence is what makes the upload alive: staged blocks cannot be deleted (Azure discards
 * them on the blob's next commit, or after 7 days), so an abort deletes the marker instead.
 */
export type ResumableMarker = CheckedUploadInput;

/** The blob name of an upload's marker, under `rootPath`. */
export function markerName(ctx: AzureContext, nonce: string): string {
  const name = `${RESUMABLE_FOLDER}/${nonce}`;
  return ctx.options.rootPath === undefined ? name : `${ctx.options.rootPath}/${name}`;
}

/** Writes the marker of a new upload. */
export async function writeMarker(ctx: AzureContext, nonce: string, marker: ResumableMarker, errors: ErrorContext): Promise<void> {
  const body = Buffer.from(JSON.stringify({ v: 1, ...marker }), 'utf8');
  await mapErrors(errors, () =>
    ctx.container.getBlockBlobClient(markerName(ctx, nonce)).upload(body, body.length, {
      blobHTTPHeaders: { blobContentType: 'application/json' },
      // The nonce is random: an existing marker would be another upload's.
      conditions: { ifNoneMatch: '*' },
      ...(errors.signal === undefined ? {} : { abortSignal: errors.signal }),
    }),
  );
}

/**
 * Reads the marker of a live upload and checks it was made for `key`.
 * @throws `NOT_FOUND` for an upload completed or aborted; `INVALID_INPUT` when the handle's key is not the
 *   upload's.
 */
export async function readMarker(ctx: AzureContext, nonce: string, key: string, errors: ErrorContext): Promise<ResumableMarker> {
  let text: string;
  try {
    const client = ctx.container.getBlockBlobClient(markerName(ctx, nonce));
    text = (await mapErrors(errors, () => client.downloadToBuffer(0, undefined, errors.signal === undefined ? {} : { abortSignal: errors.signal }))).toString('utf8');
  } catch (error) {
    if (!isStowageError(error, 'NOT_FOUND')) throw error;
    throw new StowageError('NOT_FOUND', `No resumable upload "${nonce}" to "${key}" (completed or aborted)`, { key, provider: PROVIDER, cause: error });
  }
  const marker = parse(text);
  if (marker === undefined) {
    throw new StowageError('INVALID_INPUT', `Invalid resumable handle: the marker of upload "${nonce}" is not one this provider wrote`, { key, provider: PROVIDER });
  }
  if (marker.key !== key) {
    throw new StowageError('INVALID_INPUT', 'Invalid resumable handle: its key is not the one the upload was created for', { key, provider: PROVIDER });
  }
  return marker;
}

/** Deletes an upload's marker; a missing one resolves. */
export async function deleteMarker(ctx: AzureContext, nonce: string, errors: ErrorContext): Promise<void> {
  await mapErrors(errors, () => ctx.container.getBlockBlobClient(markerName(ctx, nonce)).deleteIfExists(errors.signal === undefined ? {} : { abortSignal: errors.signal }));
}

function parse(text: string): ResumableMarker | undefined {
  try {
    const value = JSON.parse(text) as Partial<ResumableMarker> & { v?: unknown };
    const ok = value.v === 1 && typeof value.key === 'string' && typeof value.contentType === 'string' && typeof value.metadata === 'object' && value.metadata !== null;
    if (!ok) return undefined;
    return {
      key: value.key as string,
      contentType: value.contentType as string,
      metadata: value.metadata as Record<string, string>,
      ...(typeof value.cacheControl === 'string' ? { cacheControl: value.cacheControl } : {}),
      ...(typeof value.contentDisposition === 'string' ? { contentDisposition: value.contentDisposition } : {}),
    };
  } catch {
    return undefined;
  }
}

import type { UploadMeter } from '@stowage/core';
import { removeTemp, renameIntoPlace, writeTemp, type TempFile } from './atomic-write.js';
import { throwIfAborted, type LocalContext } from './context.js';
import { mapFsError } from './errors.js';
import { writeSidecarTemp, type Sidecar } from './metadata.js';
import type { KeyPaths } from './paths.js';

/** What {@link storeObject} stores besides the bytes. */
export type StoredFields = Pick<Sidecar, 'contentType' | 'cacheControl' | 'contentDisposition' | 'metadata'>;

/** What a stored object ended up as. */
export interface StoredObject {
  size: number;
  sha256: string;
}

/**
 * Stores the metered `source` at `paths` atomically, the one write path of the provider (upload, copy and
 * signed PUTs all come here):
 *
 * 1. stream the bytes into a temporary file beside the object (the meter fails the stream on a size,
 *    limit, checksum or abort problem before it ends), fsync it;
 * 2. write the sidecar the same way;
 * 3. under the key's lock, check the signal one last time, rename the object into place (the commit
 *    point), then the sidecar; fsync both folders (an fsync started after the renames, possibly shared
 *    with other uploads into the same folders: see `DirSyncs`).
 *
 * Any failure before step 3 removes both temporary files and leaves the previous object untouched.
 */
export async function storeObject(ctx: LocalContext, paths: KeyPaths, source: UploadMeter, fields: StoredFields, signal?: AbortSignal): Promise<StoredObject> {
  // The meter may fail (limit, abort, source error) while the temporary file is still being opened, before
  // anything iterates it; this listener keeps that from being an uncaught 'error' event. Iterating an
  // errored stream still rejects with its error.
  source.on('error', () => undefined);
  let objectTemp: TempFile | undefined;
  let metaTemp: TempFile | undefined;
  try {
    objectTemp = await writeTemp(ctx, paths.dirSegments, source);
    const sha256 = source.digest();
    const stored = { size: objectTemp.size, sha256 };
    metaTemp = await writeSidecarTemp(ctx, paths, { v: 1, ...withoutUndefined(fields), etag: sha256, ...stored });
    await ctx.locks.run(paths.key, async () => {
      throwIfAborted(signal, paths.key);
      await renameIntoPlace(ctx, (objectTemp as TempFile).path, paths.objectPath, paths.key);
      objectTemp = undefined;
      await renameIntoPlace(ctx, (metaTemp as TempFile).path, paths.metaPath, paths.key);
      metaTemp = undefined;
    });
    // Both folders at once, each fsync shared with the uploads renaming into it meanwhile.
    if (ctx.options.fsync) await Promise.all([ctx.dirSyncs.sync(paths.objectDir), ctx.dirSyncs.sync(paths.metaDir)]);
    return stored;
  } catch (error) {
    source.destroy();
    if (objectTemp !== undefined) await removeTemp(ctx, objectTemp.path);
    if (metaTemp !== undefined) await removeTemp(ctx, metaTemp.path);
    throw mapFsError(error, 'write', paths.key);
  }
}

function withoutUndefined(fields: StoredFields): StoredFields {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as StoredFields;
}

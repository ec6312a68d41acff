import { randomBytes } from 'node:crypto';
import type { File, FileMetadata } from '@google-cloud/storage';
import type { GcsContext } from './context.js';
import { mapErrors } from './errors.js';

/** GCS composes at most this many source objects in one request. */
export const MAX_COMPOSE_SOURCES = 32;
const PARALLEL = 4;

/**
 * Concatenates the objects `names` (in order, at least one) into `destination`, stored with `resource`.
 * More than 32 sources are composed in groups of 32 into intermediate objects under `folder` first, level
 * by level; the caller deletes the folder afterwards. Answers the destination's object resource.
 */
export async function composeAll(ctx: GcsContext, names: string[], destination: File, resource: FileMetadata, folder: string, key: string): Promise<FileMetadata> {
  // Unique to this call, so two completions of one upload racing never compose into each other's objects.
  const run = randomBytes(6).toString('hex');
  let level = names;
  for (let depth = 0; level.length > MAX_COMPOSE_SOURCES; depth++) {
    const groups: string[][] = [];
    for (let i = 0; i < level.length; i += MAX_COMPOSE_SOURCES) groups.push(level.slice(i, i + MAX_COMPOSE_SOURCES));
    const next: string[] = new Array<string>(groups.length);
    for (let i = 0; i < groups.length; i += PARALLEL) {
      await Promise.all(
        groups.slice(i, i + PARALLEL).map(async (group, j) => {
          const name = `${folder}compose-${run}-${depth}-${i + j}`;
          await compose(ctx, group, ctx.bucket.file(name), { contentType: 'application/octet-stream' }, key, false);
          next[i + j] = name;
        }),
      );
    }
    level = next;
  }
  return compose(ctx, level, destination, resource, key, true);
}

// The SDK's `combine` sends only the content type and encoding of the destination; the JSON API takes a
// whole object resource, so cache-control, disposition and user metadata are stored by the same request
// that creates the object (never patched on afterwards, when readers could see it without them).
async function compose(ctx: GcsContext, sources: string[], destination: File, resource: FileMetadata, key: string, final: boolean): Promise<FileMetadata> {
  const acl = final ? ctx.options.predefinedAcl : undefined;
  const [body] = await mapErrors({ key, operation: 'resumable complete (compose)' }, () =>
    destination.request({
      method: 'POST',
      uri: '/compose',
      json: { destination: resource, sourceObjects: sources.map((name) => ({ name })) },
      ...(acl === undefined ? {} : { qs: { destinationPredefinedAcl: acl } }),
    }),
  );
  return body as FileMetadata;
}

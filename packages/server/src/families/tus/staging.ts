import { mkdirSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { ChunkDigest, CHECKSUM_MISMATCH, type ExpectedChecksum } from './checksum.js';
import type { TusStore } from './tus-store.js';

/**
 * Where unfinished uploads' bytes wait for their last byte: one file per upload in the staging
 * directory, its durable length recorded in the shared database. The database's offset is the truth:
 * bytes past it (a PATCH cut before its offset was recorded, a chunk that failed its checksum) are cut
 * off before the next write.
 */
export class Staging {
  readonly #dir: string;
  readonly #tus: TusStore;

  constructor(dir: string, tus: TusStore) {
    this.#dir = resolve(dir);
    this.#tus = tus;
    mkdirSync(this.#dir, { recursive: true });
  }

  /** The staged file of an upload (ids are checked at creation: no separators). */
  path(id: string): string {
    return join(this.#dir, `${id}.part`);
  }

  async create(id: string): Promise<void> {
    const handle = await open(this.path(id), 'wx');
    await handle.close();
  }

  /**
   * Appends `body` at `offset` and makes it durable; answers the bytes written.
   * @throws tus's 460 when `expected` does not match (the chunk is cut off again).
   */
  async append(id: string, offset: number, body: Readable, expected: ExpectedChecksum | undefined): Promise<number> {
    const handle = await open(this.path(id), 'r+');
    try {
      await handle.truncate(offset);
      const digest = new ChunkDigest(expected);
      let position = offset;
      // Positioned writes on the handle: each chunk lands at its offset, whatever the file held past it.
      // Iterating the body (not piping it) makes a failed source fail this loop.
      for await (const chunk of body as AsyncIterable<Buffer>) {
        digest.update(chunk);
        await handle.write(chunk, 0, chunk.length, position);
        position += chunk.length;
      }
      if (expected !== undefined && digest.digest() !== expected.digest) {
        await handle.truncate(offset);
        throw CHECKSUM_MISMATCH;
      }
      await handle.datasync();
      return position - offset;
    } finally {
      await handle.close();
    }
  }

  /** Cuts the staged bytes back to `offset` (a last chunk whose commit failed). */
  async truncate(id: string, offset: number): Promise<void> {
    const handle = await open(this.path(id), 'r+');
    try {
      await handle.truncate(offset);
    } finally {
      await handle.close();
    }
  }

  /** Removes an upload's staged bytes and state (its file record is the caller's). */
  async discard(id: string): Promise<void> {
    await this.#tus.remove(id);
    await rm(this.path(id), { force: true });
  }
}

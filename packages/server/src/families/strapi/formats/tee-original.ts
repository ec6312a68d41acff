import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { finished } from 'node:stream/promises';

/** A copy of an uploaded image's bytes, written as they stream to the provider. */
export interface TeedOriginal {
  /** The copy's path, once the upload's stream has ended. */
  readonly path: string;
  /** Waits for the copy to be on disk. */
  done(): Promise<void>;
  /** Removes the copy. */
  remove(): Promise<void>;
}

/**
 * Splits an image part's stream: the provider reads the returned stream, and each chunk is also written to
 * a temporary file, so Strapi's formats are made from that copy instead of reading the original back from
 * the provider. A chunk goes on only once the copy has taken it, so the slower of the two sinks sets the
 * pace and nothing piles up in memory.
 */
export async function teeOriginal(stream: Readable): Promise<{ stream: Readable; copy: TeedOriginal }> {
  const dir = await mkdtemp(join(tmpdir(), 'stowage-formats-'));
  const path = join(dir, 'original');
  const file: WriteStream = createWriteStream(path);
  const tee = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      file.write(chunk, (error) => callback(error ?? null, chunk));
    },
    flush(callback) {
      file.end(callback);
    },
  });
  tee.on('error', () => file.destroy());
  stream.on('error', (error) => tee.destroy(error));
  stream.pipe(tee);
  return {
    stream: tee,
    copy: {
      path,
      done: () => finished(file),
      remove: async () => {
        file.destroy();
        await rm(dir, { recursive: true, force: true });
      },
    },
  };
}

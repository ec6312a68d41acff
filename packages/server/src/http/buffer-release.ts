import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type Collect = () => void;

let youngCollection: Collect | null | undefined;

/**
 * V8's young-generation collection (a scavenge), or null where it cannot be had. Without `--expose-gc`
 * the flag is turned on just long enough to fetch `gc` from a fresh context, then off again, so that no
 * other code sees a global `gc`.
 */
export function findYoungCollection(): Collect | null {
  if (youngCollection !== undefined) return youngCollection;
  let gc = (globalThis as { gc?: unknown }).gc;
  if (typeof gc !== 'function') {
    try {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc');
    } catch {
      gc = undefined;
    } finally {
      setFlagsFromString('--no-expose-gc');
    }
  }
  youngCollection = typeof gc === 'function' ? () => (gc as (options: { type: 'minor' }) => void)({ type: 'minor' }) : null;
  return youngCollection;
}

/** Counts the upload bytes the process receives and frees the spent socket buffers as they pile up. */
export interface BufferRelease {
  /** Called with each body chunk's length as it passes. */
  received(bytes: number): void;
}

/**
 * Node's HTTP parser copies every socket read of a request body into a new Buffer of up to 64 KiB. V8
 * frees the dead ones only in a collection, and it starts one for buffers only once about 64 MiB of
 * them have piled up, which is most of a streaming server's peak RSS. A young-generation collection
 * every `everyBytes` received (all requests together) frees them while they are still young, in well
 * under a millisecond, because almost nothing else in the young generation is alive.
 *
 * The spacing must stay well above twice what a provider holds in flight (provider-local: two 1 MiB
 * batches). A buffer still alive across two collections is promoted to the old generation, where only
 * a full collection frees it: in the benchmark, 2 MiB doubled the CPU per GiB and raised the peak RSS.
 * @param everyBytes 0 turns the release off.
 * @param collect The collection to run (tests inject one); by default V8's, see {@link findYoungCollection}.
 */
export function createBufferRelease(everyBytes: number, collect: Collect | null = everyBytes > 0 ? findYoungCollection() : null): BufferRelease {
  if (everyBytes <= 0 || collect === null) return { received() {} };
  let pending = 0;
  return {
    received(bytes) {
      pending += bytes;
      if (pending < everyBytes) return;
      pending = 0;
      collect();
    },
  };
}

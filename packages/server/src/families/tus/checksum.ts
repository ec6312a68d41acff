import { createHash, getHashes, type Hash } from 'node:crypto';

/** The `checksum` extension's algorithms (`Tus-Checksum-Algorithm`). */
export const CHECKSUM_ALGORITHMS = ['sha1', 'sha256', 'md5'] as const;

/** What an `Upload-Checksum` header asks the PATCH body to hash to. */
export interface ExpectedChecksum {
  algorithm: (typeof CHECKSUM_ALGORITHMS)[number];
  /** The digest, base64 as sent. */
  digest: string;
}

/** tus's answers of the checksum extension: a body that does not match, an algorithm not offered. */
export const CHECKSUM_MISMATCH = { status_code: 460, body: 'Checksum Mismatch: the PATCH body does not match Upload-Checksum; the upload offset is unchanged\n' };

/**
 * Reads `Upload-Checksum: <algorithm> <base64 digest>`.
 * @throws tus's `{ status_code: 400 }` for an algorithm not offered or a malformed header.
 */
export function parseUploadChecksum(header: string | null): ExpectedChecksum | undefined {
  if (header === null) return undefined;
  const [algorithm, digest, extra] = header.trim().split(/\s+/);
  if (!CHECKSUM_ALGORITHMS.includes(algorithm as ExpectedChecksum['algorithm']) || !getHashes().includes(algorithm ?? '')) {
    throw { status_code: 400, body: `Invalid Upload-Checksum: the algorithm must be one of ${CHECKSUM_ALGORITHMS.join(', ')}\n` };
  }
  if (digest === undefined || extra !== undefined || !/^[A-Za-z0-9+/]+={0,2}$/.test(digest)) {
    throw { status_code: 400, body: 'Invalid Upload-Checksum: expected "<algorithm> <base64 digest>"\n' };
  }
  return { algorithm: algorithm as ExpectedChecksum['algorithm'], digest };
}

/** Hashes a PATCH body as it is written, when its checksum is expected. */
export class ChunkDigest {
  readonly #hash: Hash | undefined;

  constructor(expected: ExpectedChecksum | undefined) {
    this.#hash = expected === undefined ? undefined : createHash(expected.algorithm);
  }

  update(chunk: Buffer): void {
    this.#hash?.update(chunk);
  }

  /** The digest of what passed, base64; undefined when no checksum was expected. */
  digest(): string | undefined {
    return this.#hash?.digest('base64');
  }
}

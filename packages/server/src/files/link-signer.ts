import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Signs the server's own presigned download links (for providers that cannot sign URLs themselves):
 * HMAC-SHA256 over the file id, its storage key, the expiry and any image transform parameters.
 * Replacing or deleting the file changes or removes the storage key, so old links stop working.
 */
export class LinkSigner {
  readonly #secret: Buffer;

  /** @param secret at least 32 characters; a random one (valid for this process only) when omitted. */
  constructor(secret?: string) {
    this.#secret = secret === undefined ? randomBytes(32) : Buffer.from(secret, 'utf8');
  }

  /**
   * The query string (`expires=…&signature=…`) granting a read of `fileId` until `expires` (Unix s); with
   * `transform` (canonical image parameters, `w=800&f=webp`), of that variant only.
   */
  sign(fileId: string, storageKey: string, expires: number, transform = ''): string {
    return new URLSearchParams({ expires: String(expires), signature: this.#mac(fileId, storageKey, expires, transform) }).toString();
  }

  /** Whether `query` is a valid, unexpired grant for this file and storage key (and exactly `transform`). */
  verify(fileId: string, storageKey: string, query: URLSearchParams, now = Date.now(), transform = ''): 'ok' | 'expired' | 'invalid' {
    const expires = Number(query.get('expires'));
    const signature = query.get('signature') ?? '';
    if (!Number.isInteger(expires) || signature === '') return 'invalid';
    const expected = Buffer.from(this.#mac(fileId, storageKey, expires, transform));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
    return expires * 1000 < now ? 'expired' : 'ok';
  }

  #mac(fileId: string, storageKey: string, expires: number, transform: string): string {
    // Links without a transform keep the first form, so links issued before transforms stay valid.
    const signed = transform === '' ? ['stowage-link-v1', fileId, storageKey, expires] : ['stowage-link-v2', fileId, storageKey, expires, transform];
    return createHmac('sha256', this.#secret).update(JSON.stringify(signed)).digest('base64url');
  }
}

import { createHash } from 'node:crypto';
import type { TestServer } from './test-server.js';

/** A 1×1 PNG: real magic bytes for the sniffing tests. */
export const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000049454e44ae426082', 'hex');

export const sha = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

export const file = (data: Uint8Array | string, name: string, type = 'text/plain') => new File([typeof data === 'string' ? data : new Uint8Array(data)], name, { type });

/** Resolves the FetchError (or any error) a call rejects with. */
export async function failure(promise: Promise<unknown>): Promise<{ status: number; body: { error?: { message: string; data?: Record<string, unknown> }; processedFiles?: unknown[] } }> {
  try {
    await promise;
  } catch (error) {
    return error as never;
  }
  throw new Error('expected the call to fail');
}

/** What the clause groups reach: the running server (once started) and two look-ups. */
export interface SuiteContext {
  readonly t: TestServer;
  /** Whether the provider holds an object at `key`. */
  exists(key: string): Promise<boolean>;
  /** The storage key a file's record points at. */
  storageKey(id: string): Promise<string | undefined>;
}

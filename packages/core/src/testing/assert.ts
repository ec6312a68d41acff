import { AssertionError } from 'node:assert';
import { supports } from '../capabilities.js';
import { isStowageError, type StowageErrorCode } from '../errors.js';
import type { ReadResult } from '../provider.js';
import type { ClauseContext } from './clause.js';
import { type Digest, digestStream } from './data.js';

/** Fails with `message`. */
export function fail(message: string): never {
  throw new AssertionError({ message });
}

/** A short description of a thrown value for failure messages. */
export function describeError(error: unknown): string {
  if (isStowageError(error)) return `StowageError ${error.code}: ${error.message}`;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * Awaits `action` and checks it rejects with a StowageError of `code`; `what` names the call in the message.
 */
export async function expectCode(what: string, code: StowageErrorCode, action: () => Promise<unknown>): Promise<void> {
  let result: unknown;
  try {
    result = await action();
  } catch (error) {
    if (isStowageError(error, code)) return;
    fail(`${what}: expected a StowageError ${code}, got ${describeError(error)}`);
  }
  // A read that wrongly succeeded holds a stream open.
  (result as Partial<ReadResult> | undefined)?.body?.destroy?.();
  fail(`${what}: expected a StowageError ${code}, but it resolved`);
}

/** Checks `actual === expected`, naming `what`. */
export function expectEqual<T>(what: string, actual: T, expected: T): void {
  if (!Object.is(actual, expected)) fail(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

/** Checks two plain values are deeply equal (via a key-sorted JSON form), naming `what`. */
export function expectSame(what: string, actual: unknown, expected: unknown): void {
  const a = stableJson(actual);
  const e = stableJson(expected);
  if (a !== e) fail(`${what}: expected ${e}, got ${a}`);
}

function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) : v,
  ) ?? 'undefined';
}

/** Reads `key` whole (needs `read`) and returns what was read with the digest of its bytes. */
export async function readDigest(ctx: ClauseContext, key: string): Promise<{ result: ReadResult; digest: Digest }> {
  const { provider } = ctx;
  if (!supports(provider, 'read')) fail('this check needs the read capability');
  const result = await provider.read(key);
  const digest = await digestStream(result.body);
  return { result, digest };
}

/** Reads `key` and checks its bytes have `expected`'s size and SHA-256, and the read's lengths agree. */
export async function expectStored(ctx: ClauseContext, key: string, expected: Digest, what = `read(${JSON.stringify(key)})`): Promise<ReadResult> {
  const { result, digest } = await readDigest(ctx, key);
  if (digest.size !== expected.size) fail(`${what}: read ${digest.size} bytes, expected ${expected.size}`);
  if (digest.sha256 !== expected.sha256) fail(`${what}: the bytes read back differ from those uploaded (SHA-256 ${digest.sha256}, expected ${expected.sha256})`);
  expectEqual(`${what}: contentLength`, result.contentLength, expected.size);
  expectEqual(`${what}: totalSize`, result.totalSize, expected.size);
  return result;
}

/**
 * Checks nothing is readable at `key`: `exists` is false and `read`/`stat` fail with `NOT_FOUND`, with
 * every one of those capabilities the provider declares. Skips the clause when it declares none.
 */
export async function expectAbsent(ctx: ClauseContext, key: string, why: string): Promise<void> {
  const { provider } = ctx;
  if (!supports(provider, 'read') && !supports(provider, 'stat') && !supports(provider, 'exists')) {
    ctx.skip('provider declares none of read, stat, exists: stored objects cannot be observed');
  }
  if (supports(provider, 'exists') && (await provider.exists(key))) fail(`${why}: exists() is true, expected nothing at the key`);
  if (supports(provider, 'read')) await expectCode(`${why}: read()`, 'NOT_FOUND', () => provider.read(key));
  if (supports(provider, 'stat')) await expectCode(`${why}: stat()`, 'NOT_FOUND', () => provider.stat(key));
}

/** Runs `action` and fails when it does not finish within `ms` (for uploads that might hang instead of aborting). */
export async function within<T>(ms: number, what: string, action: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AssertionError({ message: `${what}: did not settle within ${ms} ms` })), ms);
  });
  try {
    return await Promise.race([action, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

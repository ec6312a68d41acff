import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { isStowageError, type StowageErrorCode } from '@stowage/core';
import { expect } from 'vitest';

/** A fresh directory under the OS temp dir, and its removal. */
export async function tempRoot(): Promise<{ root: string; remove: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'stowage-local-test-'));
  return { root, remove: () => rm(root, { recursive: true, force: true }) };
}

/** Every file path under `dir` (relative, `/`-separated), directories excluded. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1).split('\\').join('/'))
    .sort();
}

/** A stream of `size` bytes (`fill`), then an error, or an end. */
export function streamOf(size: number, options: { failWith?: Error; fill?: number } = {}): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= size) {
        if (options.failWith) this.destroy(options.failWith);
        else this.push(null);
        return;
      }
      const n = Math.min(64 * 1024, size - sent);
      sent += n;
      this.push(Buffer.alloc(n, options.fill ?? 0x61));
    },
  });
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Expects `action` to reject with a StowageError of `code`; returns it. */
export async function expectCode(code: StowageErrorCode, action: () => Promise<unknown>) {
  const error = await action().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isStowageError(error), `expected a StowageError ${code}, got ${String(error)}`).toBe(true);
  expect((error as { code: string }).code).toBe(code);
  return error as Error & { code: StowageErrorCode };
}

export async function readAll(body: AsyncIterable<unknown>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of body) parts.push(Buffer.from(part as Uint8Array));
  return Buffer.concat(parts);
}

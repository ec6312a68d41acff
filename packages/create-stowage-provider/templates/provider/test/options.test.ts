import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isStowageError } from '@stowage/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import provider from '../src/index.js';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), '__PROVIDER_NAME__-options-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function initError(options: unknown): Promise<unknown> {
  try {
    await provider.init(options as never);
  } catch (error) {
    return error;
  }
  throw new Error('init accepted bad options');
}

describe('options', () => {
  it('refuses a missing root with INVALID_OPTIONS naming it', async () => {
    const error = await initError({});
    expect(isStowageError(error, 'INVALID_OPTIONS')).toBe(true);
    expect((error as Error).message).toContain('root');
  });

  it('refuses unknown options', async () => {
    const error = await initError({ root, bukcet: 'typo' });
    expect(isStowageError(error, 'INVALID_OPTIONS')).toBe(true);
    expect((error as Error).message).toContain('bukcet');
  });

  it('check fails with INVALID_OPTIONS when the root is missing and createRoot is false', async () => {
    const storage = await provider.init({ root: join(root, 'missing'), createRoot: false });
    await expect(storage.check()).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
  });

  it('declares exactly the capabilities of the package.json manifest', async () => {
    const { createRequire } = await import('node:module');
    const manifest = createRequire(import.meta.url)('../package.json') as { stowage: { provider: string; capabilities: string[] } };
    expect(manifest.stowage.provider).toBe(provider.name);
    expect([...manifest.stowage.capabilities].sort()).toEqual([...provider.capabilities].sort());
  });
});

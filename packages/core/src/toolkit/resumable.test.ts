import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isStowageError } from '../errors.js';
import { checkResumableHandle, meterAppend, ResumableDigest, stateField } from './resumable.js';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

describe('ResumableDigest', () => {
  it('resumes from a saved state across instances: one pass over the bytes gives the SHA-256 of all of them', async () => {
    const first = await ResumableDigest.resume();
    first.update(Buffer.from('hello, '));
    const saved = JSON.parse(JSON.stringify(first.save())) as string;
    const second = await ResumableDigest.resume(saved);
    second.update(Buffer.from('world'));
    expect(second.hex()).toBe(sha('hello, world'));
    expect((await ResumableDigest.resume()).hex()).toBe(sha(''));
  });

  it('refuses a state it did not save with INVALID_INPUT', async () => {
    await expect(ResumableDigest.resume('bm90IGEgc3RhdGU=', { key: 'k' })).rejects.toMatchObject({ code: 'INVALID_INPUT', key: 'k' });
  });
});

describe('checkResumableHandle', () => {
  it('answers a valid handle with its key normalized', () => {
    expect(checkResumableHandle({ key: 'a/b', offset: 5, state: { id: 'x' } })).toEqual({ key: 'a/b', offset: 5, state: { id: 'x' } });
  });

  it.each([
    [null, 'INVALID_INPUT', /resumable handle/],
    [{ key: '../x', offset: 0, state: {} }, 'INVALID_KEY', /key/i],
    [{ key: 'a', offset: -1, state: {} }, 'INVALID_INPUT', /offset: expected a whole number/],
    [{ key: 'a', offset: 1.5, state: {} }, 'INVALID_INPUT', /offset/],
    [{ key: 'a', offset: 0, state: [] }, 'INVALID_INPUT', /state: expected the object/],
  ])('refuses %j', (handle, code, message) => {
    try {
      checkResumableHandle(handle, { provider: 'p' });
      expect.unreachable();
    } catch (error) {
      expect(isStowageError(error, code as 'INVALID_INPUT')).toBe(true);
      expect((error as Error).message).toMatch(message);
    }
  });

  it('stateField names the field a provider expected', () => {
    const handle = { key: 'a', offset: 0, state: { uploadId: 3 } };
    expect(() => stateField(handle, 'uploadId', (v): v is string => typeof v === 'string')).toThrow(/state\.uploadId/);
  });
});

describe('meterAppend', () => {
  it('counts maxSize as a total: only what is left after the offset may come', async () => {
    const meter = meterAppend({ key: 'a', offset: 8, state: {} }, Buffer.alloc(3), { maxSize: 10 });
    await expect(async () => {
      for await (const _ of meter);
    }).rejects.toMatchObject({ code: 'TOO_LARGE' });
    expect(() => meterAppend({ key: 'a', offset: 11, state: {} }, Buffer.alloc(0), { maxSize: 10 })).toThrow(/more than maxSize 10/);
  });
});

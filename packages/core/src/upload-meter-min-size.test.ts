import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { isStowageError, type StowageError } from './errors.js';
import { meterUpload } from './upload-meter.js';

const body = (bytes: number) => Readable.from([Buffer.alloc(bytes, 0x61)]);

async function outcome(meter: Readable): Promise<{ error?: StowageError; finished: boolean; bytes: number }> {
  const seen = { finished: false, bytes: 0 };
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      seen.bytes += chunk.length;
      callback();
    },
    final(callback) {
      seen.finished = true;
      callback();
    },
  });
  try {
    await pipeline(meter, sink);
    return seen;
  } catch (error) {
    if (!isStowageError(error)) throw error;
    return { ...seen, error };
  }
}

describe('meterUpload: minSize', () => {
  it('fails a shorter body with INVALID_INPUT before the downstream finishes, naming the minimum', async () => {
    const result = await outcome(meterUpload(body(3), { minSize: 10, key: 'small.bin' }));
    expect(result.error?.code).toBe('INVALID_INPUT');
    expect(result.error?.message).toBe('Body is 3 bytes, shorter than the minimum of 10 bytes');
    expect(result.error?.key).toBe('small.bin');
    expect(result.error?.details).toEqual({ minimum: 10, received: 3 });
    // A provider that commits on a clean end never sees one.
    expect(result.finished).toBe(false);
  });

  it('fails an empty body', async () => {
    const result = await outcome(meterUpload(Readable.from([]), { minSize: 1 }));
    expect(result.error?.details).toEqual({ minimum: 1, received: 0 });
  });

  it('accepts a body of exactly minSize bytes, and minSize 0 always', async () => {
    expect(await outcome(meterUpload(body(10), { minSize: 10 }))).toEqual({ finished: true, bytes: 10 });
    expect(await outcome(meterUpload(Readable.from([]), { minSize: 0 }))).toEqual({ finished: true, bytes: 0 });
  });

  it('reports a declared size mismatch before the minimum, for a body that breaks both', async () => {
    const result = await outcome(meterUpload(body(3), { size: 20, minSize: 10 }));
    expect(result.error?.message).toMatch(/shorter than the declared size of 20 bytes/);
    expect(result.error?.details).toEqual({ expected: 20, received: 3 });
  });

  it.each([
    [{ minSize: -1 }, /Invalid minSize: expected a non-negative integer/],
    [{ minSize: 1.5 }, /Invalid minSize: expected a non-negative integer/],
    [{ minSize: 11, maxSize: 10 }, /Invalid minSize: 11 is more than maxSize 10/],
    [{ minSize: 10, size: 3 }, /Body is declared as 3 bytes, shorter than the minimum of 10 bytes/],
  ])('refuses %o with INVALID_INPUT before reading a byte', (options, message) => {
    const source = body(5);
    let thrown: unknown;
    try {
      meterUpload(source, options);
    } catch (error) {
      thrown = error;
    }
    expect(isStowageError(thrown, 'INVALID_INPUT')).toBe(true);
    expect((thrown as Error).message).toMatch(message);
    expect(source.readableFlowing).toBe(null);
  });

  it('tells a declared size under the minimum by details.minimum, with the declared size as expected', () => {
    expect(() => meterUpload(body(3), { minSize: 10, size: 3 })).toThrow(expect.objectContaining({ details: { minimum: 10, expected: 3 } }));
  });
});

describe('meterUpload: size details', () => {
  it('carries the limit on TOO_LARGE, and no minimum on other INVALID_INPUT failures', async () => {
    const large = await outcome(meterUpload(body(11), { maxSize: 10 }));
    expect(large.error?.code).toBe('TOO_LARGE');
    expect(large.error?.details).toEqual({ limit: 10, received: 11 });
    expect(() => meterUpload(body(1), { size: 20, maxSize: 10 })).toThrow(expect.objectContaining({ code: 'TOO_LARGE', details: { limit: 10, expected: 20 } }));
    expect(() => meterUpload(body(1), { sha256: 'nope' })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', details: undefined }));
  });

  it('are part of toJSON', async () => {
    const result = await outcome(meterUpload(body(3), { minSize: 10 }));
    expect(result.error?.toJSON()).toMatchObject({ code: 'INVALID_INPUT', details: { minimum: 10, received: 3 } });
  });
});

import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { isStowageError, StowageError } from './errors.js';
import { meterUpload } from './upload-meter.js';

async function drain(stream: Readable): Promise<number> {
  let bytes = 0;
  for await (const chunk of stream) bytes += (chunk as Buffer).length;
  return bytes;
}

async function failure(promise: Promise<unknown>): Promise<StowageError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isStowageError(error)) throw new Error(`expected a StowageError, got ${String(error)}`);
  return error;
}

describe('meterUpload: onChunk', () => {
  it('is told each chunk length before the chunk goes on, in order', async () => {
    const seen: string[] = [];
    const meter = meterUpload(Readable.from([Buffer.alloc(3), Buffer.alloc(5), 'ab']), { onChunk: (n) => seen.push(`chunk ${n}`) });
    meter.on('data', (chunk: Buffer) => seen.push(`out ${chunk.length}`));
    await new Promise((resolve) => meter.once('end', resolve));
    expect(seen).toEqual(['chunk 3', 'out 3', 'chunk 5', 'out 5', 'chunk 2', 'out 2']);
  });

  it('is told the chunk that breaks maxSize too: every byte received is accounted for', async () => {
    const lengths: number[] = [];
    const error = await failure(drain(meterUpload(Readable.from([Buffer.alloc(8), Buffer.alloc(8)]), { maxSize: 10, onChunk: (n) => lengths.push(n) })));
    expect(error.code).toBe('TOO_LARGE');
    expect(lengths).toEqual([8, 8]);
  });

  it('fails the upload with ABORTED, the exception as cause, when it throws', async () => {
    const boom = new Error('quota exceeded');
    const error = await failure(
      drain(
        meterUpload(Readable.from([Buffer.alloc(4)]), {
          key: 'k.bin',
          onChunk: () => {
            throw boom;
          },
        }),
      ),
    );
    expect(error.code).toBe('ABORTED');
    expect(error.cause).toBe(boom);
    expect(error.key).toBe('k.bin');
  });

  it('fails the upload with a StowageError it throws, unchanged', async () => {
    const own = new StowageError('TOO_LARGE', 'over the quota');
    const error = await failure(
      drain(
        meterUpload(Readable.from([Buffer.alloc(4)]), {
          onChunk: () => {
            throw own;
          },
        }),
      ),
    );
    expect(error).toBe(own);
  });

  it('must be a function', () => {
    expect(() => meterUpload(Readable.from([]), { onChunk: 42 as unknown as () => void })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: 'Invalid onChunk: expected a function' }));
  });
});

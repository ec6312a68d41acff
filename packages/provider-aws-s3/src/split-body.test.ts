import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { unevenChunks } from '../test/helpers.js';
import { PartPool } from './part-pool.js';
import { splitBody, type BodyPart } from './split-body.js';

/** Reads every part, releasing each buffer as an uploader would, and keeps copies of what was sent. */
async function collect(source: AsyncIterable<Uint8Array>, pool: PartPool): Promise<{ parts: Omit<BodyPart, 'buffer'>[]; pooled: boolean[] }> {
  const parts: Omit<BodyPart, 'buffer'>[] = [];
  const pooled: boolean[] = [];
  for await (const part of splitBody(source, pool)) {
    parts.push({ number: part.number, data: Buffer.from(part.data), last: part.last });
    pooled.push(part.buffer !== undefined);
    if (part.buffer !== undefined) pool.release(part.buffer);
  }
  return { parts, pooled };
}

describe('splitBody', () => {
  it('hands a body of at most one part size over whole, without a pool buffer', async () => {
    for (const length of [0, 1, 7, 8]) {
      const bytes = randomBytes(length);
      const pool = new PartPool(8, 3);
      const { parts, pooled } = await collect(unevenChunks(bytes, [3]), pool);
      expect(parts).toEqual([{ number: 1, data: bytes, last: true }]);
      expect(pooled).toEqual([false]);
      expect(pool.allocated).toBe(0);
    }
  });

  it('cuts a longer body into full parts and a last, never empty, part', async () => {
    const cases: [number, number[]][] = [
      [9, [8, 1]],
      [16, [8, 8]],
      [17, [8, 8, 1]],
      [40, [8, 8, 8, 8, 8]],
    ];
    for (const [length, sizes] of cases) {
      const bytes = randomBytes(length);
      const { parts, pooled } = await collect(unevenChunks(bytes, [5, 3, 11]), new PartPool(8, 3));
      expect(parts.map((p) => p.data.length)).toEqual(sizes);
      expect(parts.map((p) => p.number)).toEqual(sizes.map((_, i) => i + 1));
      expect(parts.map((p) => p.last)).toEqual(sizes.map((_, i) => i === sizes.length - 1));
      expect(pooled.every(Boolean)).toBe(true);
      expect(Buffer.concat(parts.map((p) => p.data))).toEqual(bytes);
    }
  });

  it('keeps every byte in order through reused buffers, whatever the chunk sizes', async () => {
    const bytes = randomBytes(1000 * 37 + 13);
    const pool = new PartPool(1000, 3);
    const { parts } = await collect(unevenChunks(bytes, [1, 999, 4096, 17, 1000, 2500]), pool);
    expect(parts).toHaveLength(38);
    expect(pool.allocated).toBeLessThanOrEqual(3);
    expect(createHash('sha256').update(Buffer.concat(parts.map((p) => p.data))).digest('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('stops reading the source while every buffer is out', async () => {
    let pulled = 0;
    const source = Readable.from(
      (function* () {
        for (let i = 0; i < 100; i += 1) {
          pulled += 1;
          yield Buffer.alloc(8, i);
        }
      })(),
      { highWaterMark: 1 },
    );
    const pool = new PartPool(8, 2);
    const parts = splitBody(source, pool);
    const held = [(await parts.next()).value, (await parts.next()).value];
    const third = parts.next();
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Two parts held, one buffer filling: reading stopped a few chunks ahead, not at the end.
    expect(pulled).toBeLessThan(10);
    const released = held[0] as BodyPart;
    pool.release(released.buffer as Buffer);
    expect((await third).value).toMatchObject({ number: 3, last: false });
    await parts.return();
    expect(source.destroyed).toBe(true);
  });

  it('fails with the pool, and with the source', async () => {
    const pool = new PartPool(8, 1);
    const parts = splitBody(Readable.from([Buffer.alloc(20)]), pool);
    await parts.next();
    const next = parts.next();
    const error = new Error('part 1 failed');
    pool.fail(error);
    await expect(next).rejects.toBe(error);

    const broken = new Readable({ read() {} });
    broken.push(Buffer.alloc(4));
    setImmediate(() => broken.destroy(new Error('disk read failed')));
    await expect(collect(broken, new PartPool(8, 2))).rejects.toThrow('disk read failed');
  });
});

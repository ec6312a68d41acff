import { describe, expect, it } from 'vitest';
import { PartPool } from './part-pool.js';

describe('PartPool', () => {
  it('allocates up to its capacity, then makes acquire wait for a release', async () => {
    const pool = new PartPool(8, 2);
    const a = await pool.acquire();
    const b = await pool.acquire();
    expect([a.length, b.length, pool.allocated]).toEqual([8, 8, 2]);
    let third: Buffer | undefined;
    const waiting = pool.acquire().then((buffer) => (third = buffer));
    await new Promise((resolve) => setImmediate(resolve));
    expect(third).toBeUndefined();
    pool.release(a);
    await waiting;
    expect(third).toBe(a);
    expect(pool.allocated).toBe(2);
  });

  it('reuses released buffers before allocating new ones', async () => {
    const pool = new PartPool(8, 4);
    const a = await pool.acquire();
    pool.release(a);
    expect(await pool.acquire()).toBe(a);
    expect(pool.allocated).toBe(1);
  });

  it('rejects waiting and later acquires once failed', async () => {
    const pool = new PartPool(8, 1);
    await pool.acquire();
    const waiting = pool.acquire();
    const error = new Error('part 3 failed');
    pool.fail(error);
    await expect(waiting).rejects.toBe(error);
    await expect(pool.acquire()).rejects.toBe(error);
    pool.fail(new Error('later'));
    await expect(pool.acquire()).rejects.toBe(error);
  });
});

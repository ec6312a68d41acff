import { describe, expect, it } from 'vitest';
import { formatSize, median, quantile } from './stats.js';

describe('stats', () => {
  it('takes the median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('takes quantiles by nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(quantile(values, 0.5)).toBe(50);
    expect(quantile(values, 0.99)).toBe(99);
    expect(quantile([7], 0.99)).toBe(7);
  });

  it('formats sizes', () => {
    expect(formatSize(4 * 1024 ** 3)).toBe('4 GiB');
    expect(formatSize(16 * 1024)).toBe('16 KiB');
    expect(formatSize(1000)).toBe('1000 B');
  });
});

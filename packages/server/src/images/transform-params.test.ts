import { describe, expect, it } from 'vitest';
import { outputFormat } from './negotiate.js';
import { canonicalTransform, parseTransform } from './transform-params.js';
import { TransformQueue } from './transform-queue.js';

const rules = { maxWidth: 1000, maxHeight: 500 };
const parse = (query: string) => parseTransform(new URLSearchParams(query), rules);

describe('parseTransform', () => {
  it('reads Nhost’s parameters, treating 0 as not asked, and none as no transform', () => {
    expect(parse('')).toBeUndefined();
    expect(parse('token=x')).toBeUndefined();
    expect(parse('w=800&h=0&q=70&b=1.5&f=webp')).toEqual({ w: 800, q: 70, b: 1.5, f: 'webp' });
    expect(canonicalTransform({ f: 'png', w: 3, b: 2 })).toBe('w=3&b=2&f=png');
  });

  it.each([
    ['w=1001', /^Invalid w: "1001" is not a width in pixels from 1 to 1000/],
    ['h=501', /^Invalid h: .* from 1 to 500/],
    ['w=1.5', /^Invalid w/],
    ['q=', /^Invalid q: "" is not a quality from 1 to 100/],
    ['b=2000', /^Invalid b: .*0.3 to 1000/],
    ['f=heic', /^Invalid f: "heic" is not one of auto, same, jpeg, webp, png, avif/],
    ['f=png&f=webp', /^Invalid f: given 2 times, expected once/],
  ])('refuses %s naming the parameter', (query, message) => {
    expect(() => parse(query)).toThrow(message);
  });
});

describe('outputFormat', () => {
  it('negotiates auto from Accept, ignoring wildcards and q=0', () => {
    expect(outputFormat('auto', 'jpeg', 'image/avif,image/webp')).toBe('avif');
    expect(outputFormat('auto', 'jpeg', 'image/avif;q=0, image/webp;q=0.5')).toBe('webp');
    expect(outputFormat('auto', 'png', '*/*')).toBe('png');
    expect(outputFormat('same', 'heif', undefined)).toBe('jpeg');
    expect(outputFormat(undefined, 'gif', undefined)).toBe('png');
    expect(outputFormat('webp', 'gif', undefined)).toBe('webp');
  });
});

describe('TransformQueue', () => {
  it('runs at most `concurrency` at once, hands slots over in order, and refuses past the line', async () => {
    const queue = new TransformQueue({ concurrency: 1, queueLimit: 1, queueTimeout: 1000 });
    const order: string[] = [];
    let release!: () => void;
    const first = queue.run(() => new Promise<void>((resolve) => (release = resolve)).then(() => order.push('first')));
    const second = queue.run(async () => order.push('second'));
    await expect(queue.run(async () => 'third')).rejects.toMatchObject({ status: 503, headers: { 'retry-after': '1' } });
    expect(queue.load).toEqual({ running: 1, waiting: 1 });
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'second']);
    expect(queue.load).toEqual({ running: 0, waiting: 0 });
  });

  it('answers 503 to a request that waited past queueTimeout', async () => {
    const queue = new TransformQueue({ concurrency: 1, queueLimit: 4, queueTimeout: 20 });
    let release!: () => void;
    const first = queue.run(() => new Promise<void>((resolve) => (release = resolve)));
    await expect(queue.run(async () => 'late')).rejects.toThrow(/no transform slot came free within 20 ms/);
    release();
    await first;
  });
});

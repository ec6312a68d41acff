import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse-config.js';
import { createBufferRelease, findYoungCollection } from './buffer-release.js';

const MiB = 1024 * 1024;

describe('createBufferRelease', () => {
  it('collects once per `everyBytes` received, counting across calls', () => {
    let collections = 0;
    const release = createBufferRelease(4 * MiB, () => (collections += 1));
    for (let i = 0; i < 63; i++) release.received(64 * 1024);
    expect(collections).toBe(0);
    release.received(64 * 1024);
    expect(collections).toBe(1);
    release.received(3 * MiB);
    expect(collections).toBe(1);
    release.received(MiB);
    expect(collections).toBe(2);
  });

  it('never collects when turned off with 0', () => {
    let collections = 0;
    const release = createBufferRelease(0, () => (collections += 1));
    for (let i = 0; i < 100; i++) release.received(MiB);
    expect(collections).toBe(0);
  });

  it("finds V8's young-generation collection without leaving a global gc behind", () => {
    const hadGc = 'gc' in globalThis;
    const collect = findYoungCollection();
    expect(collect).toBeTypeOf('function');
    collect?.();
    expect('gc' in globalThis).toBe(hadGc);
    expect(findYoungCollection()).toBe(collect);
  });

  it('keeps spent 64 KiB buffers from piling up, as socket reads of a 256 MiB body would', () => {
    const release = createBufferRelease(4 * MiB);
    const before = process.memoryUsage().arrayBuffers;
    let peak = 0;
    let sink = 0;
    for (let i = 0; i < 4096; i++) {
      // A fresh backing store per read, dropped once passed on: what the HTTP parser hands a body stream.
      const chunk = Buffer.alloc(64 * 1024, i);
      sink += chunk[i % chunk.length]!;
      release.received(chunk.length);
      if (i % 64 === 0) peak = Math.max(peak, process.memoryUsage().arrayBuffers - before);
    }
    expect(sink).toBeGreaterThan(0);
    expect(peak / MiB, `spent buffers peaked at ${(peak / MiB).toFixed(1)} MiB`).toBeLessThan(16);
  });
});

describe('releaseBuffersEvery', () => {
  it('defaults to 4 MiB and takes 0 to turn the release off', () => {
    expect(parseConfig({}).releaseBuffersEvery).toBe(4 * MiB);
    expect(parseConfig({ releaseBuffersEvery: 0 }).releaseBuffersEvery).toBe(0);
  });

  it('refuses anything but a whole number of bytes, naming the setting', () => {
    expect(() => parseConfig({ releaseBuffersEvery: -1 })).toThrow(/releaseBuffersEvery/);
    expect(() => parseConfig({ releaseBuffersEvery: '4MB' })).toThrow(/releaseBuffersEvery: must be a number of bytes/);
  });
});

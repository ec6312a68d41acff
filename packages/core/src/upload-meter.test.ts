import { createHash, randomBytes } from 'node:crypto';
import { getEventListeners } from 'node:events';
import { getDefaultHighWaterMark, PassThrough, Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { StowageError, isStowageError } from './errors.js';
import { UploadMeter, abortError, meterUpload } from './upload-meter.js';

const CHUNK = 16 * 1024;
// What streams buffer ahead of a reader: 16 KiB up to Node 20, 64 KiB from Node 22 on.
const HWM = Math.max(CHUNK, getDefaultHighWaterMark(false));

/** A source that produces `total` bytes (or never ends) on demand and records how many were pulled. */
function countingSource(total = Number.POSITIVE_INFINITY, chunkSize = CHUNK) {
  const stats = { pulled: 0 };
  const stream = new Readable({
    read() {
      const size = Math.min(chunkSize, total - stats.pulled);
      if (size <= 0) {
        this.push(null);
        return;
      }
      stats.pulled += size;
      this.push(Buffer.alloc(size, 0x61));
    },
  });
  return { stream, stats };
}

/** A downstream writable that records what it got and whether it ever finished. */
function recordingSink() {
  const record = { bytes: 0, finished: false, finalCalled: false };
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      record.bytes += chunk.length;
      callback();
    },
    final(callback) {
      record.finalCalled = true;
      callback();
    },
  });
  sink.on('finish', () => {
    record.finished = true;
  });
  return { sink, record };
}

async function drain(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function failure(promise: Promise<unknown>): Promise<StowageError> {
  try {
    await promise;
  } catch (error) {
    if (isStowageError(error)) return error;
    throw error;
  }
  throw new Error('expected a StowageError, but it resolved');
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

describe('meterUpload: counting and hashing', () => {
  it('passes every byte through, counts them and hashes them', async () => {
    const data = randomBytes(200_000);
    const meter = meterUpload(Readable.from([data.subarray(0, 1), data.subarray(1, 70_000), data.subarray(70_000)]), {});
    expect(meter.sha256).toBeUndefined();
    const out = await drain(meter);
    expect(out.equals(data)).toBe(true);
    expect(meter.bytes).toBe(200_000);
    expect(meter.sha256).toBe(sha256(data));
  });

  it('handles an empty body', async () => {
    const meter = meterUpload(Readable.from([]), { size: 0 });
    expect((await drain(meter)).length).toBe(0);
    expect(meter.bytes).toBe(0);
    expect(meter.sha256).toBe(sha256(Buffer.alloc(0)));
  });

  it('accepts a matching size, maxSize and sha256 (any hex case)', async () => {
    const data = randomBytes(5000);
    const meter = meterUpload(Readable.from([data]), { size: 5000, maxSize: 5000, sha256: sha256(data).toUpperCase() });
    expect((await drain(meter)).equals(data)).toBe(true);
    expect(meter.sha256).toBe(sha256(data));
  });

  it('accepts string chunks from a source with an encoding', async () => {
    const source = new PassThrough();
    source.setEncoding('utf8');
    source.end('héllo');
    const meter = meterUpload(source, { size: 6 });
    expect((await drain(meter)).toString('utf8')).toBe('héllo');
    expect(meter.bytes).toBe(6);
  });

  it('works as a plain Transform without meterUpload', async () => {
    const meter = new UploadMeter({ expectedSize: 3 });
    meter.end(Buffer.from('abc'));
    expect((await drain(meter)).toString()).toBe('abc');
    expect(meter.bytes).toBe(3);
  });
});

describe('UploadMeter.digest', () => {
  it('is the body\'s SHA-256 once the body is read to its end', async () => {
    const body = randomBytes(100_000);
    const meter = meterUpload(Readable.from([body.subarray(0, 40_000), body.subarray(40_000)]), {});
    await drain(meter);
    expect(meter.digest()).toBe(createHash('sha256').update(body).digest('hex'));
  });

  it('throws ABORTED when a provider asks before the body was read to its end', async () => {
    const meter = meterUpload(countingSource(10 * CHUNK).stream, { key: 'early.bin' });
    await new Promise((resolve) => meter.once('readable', resolve));
    meter.read();
    const error = (() => {
      try {
        meter.digest();
      } catch (caught) {
        return caught;
      }
    })();
    expect(isStowageError(error, 'ABORTED')).toBe(true);
    expect((error as StowageError).message).toMatch(/read to the end/);
    meter.destroy();
  });
});

describe('meterUpload: TOO_LARGE', () => {
  it('fails while streaming and does not drain the source past the limit', async () => {
    const { stream, stats } = countingSource();
    const maxSize = 100_000;
    const meter = meterUpload(stream, { maxSize, key: 'big.bin' });
    const error = await failure(drain(meter));
    expect(error.code).toBe('TOO_LARGE');
    expect(error.key).toBe('big.bin');
    expect(error.message).toContain('100000');
    // One chunk past the limit plus what the stream buffers hold (16 KiB each), never the rest.
    expect(stats.pulled).toBeGreaterThan(maxSize);
    expect(stats.pulled).toBeLessThanOrEqual(maxSize + 4 * HWM);
    await sleep(20);
    expect(stream.destroyed).toBe(true);
    const pulledAfter = stats.pulled;
    await sleep(20);
    expect(stats.pulled).toBe(pulledAfter);
  });

  it('fails before the downstream finishes, even when the body ends right after the limit', async () => {
    const { stream } = countingSource(10_001, 1000);
    const { sink, record } = recordingSink();
    const error = await failure(pipeline(meterUpload(stream, { maxSize: 10_000 }), sink));
    expect(error.code).toBe('TOO_LARGE');
    expect(record.bytes).toBeLessThanOrEqual(10_000);
    expect(record.finalCalled).toBe(false);
    expect(record.finished).toBe(false);
  });

  it('accepts a body of exactly maxSize bytes', async () => {
    const { stream } = countingSource(10_000, 1000);
    const meter = meterUpload(stream, { maxSize: 10_000 });
    expect((await drain(meter)).length).toBe(10_000);
  });

  it('fails at once, reading nothing, when the declared size exceeds maxSize', () => {
    const { stream, stats } = countingSource();
    expect(() => meterUpload(stream, { size: 2000, maxSize: 1000 })).toThrow(
      expect.objectContaining({ code: 'TOO_LARGE' }),
    );
    expect(stats.pulled).toBe(0);
    expect(stream.destroyed).toBe(false);
  });
});

describe('meterUpload: a check failing before anyone consumes the meter', () => {
  it('raises no uncaught error and still fails the consumer that comes later', async () => {
    const meter = meterUpload(Readable.from([Buffer.alloc(64)]), { maxSize: 8 });
    // A provider opening a temp file or a connection before it reads: the check fails in this gap.
    await sleep(20);
    expect(meter.destroyed).toBe(true);
    const error = await pipeline(meter, new Writable({ write: (_c, _e, cb) => cb() })).catch((e: unknown) => e);
    expect(isStowageError(error, 'TOO_LARGE')).toBe(true);
  });
});

describe('meterUpload: declared size', () => {
  it('fails as soon as the body is longer, without draining the source', async () => {
    const { stream, stats } = countingSource();
    const error = await failure(drain(meterUpload(stream, { size: 50_000 })));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toMatch(/longer than the declared size of 50000 bytes/);
    expect(stats.pulled).toBeLessThanOrEqual(50_000 + 4 * HWM);
  });

  it('fails when the body is one byte longer, before the downstream finishes', async () => {
    const { sink, record } = recordingSink();
    const error = await failure(pipeline(meterUpload(Readable.from([Buffer.alloc(11)]), { size: 10 }), sink));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toMatch(/longer/);
    expect(record.finished).toBe(false);
  });

  it('fails when the body is shorter, before the downstream finishes', async () => {
    const { sink, record } = recordingSink();
    const error = await failure(pipeline(meterUpload(Readable.from([Buffer.alloc(10)]), { size: 20, key: 'k' }), sink));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.key).toBe('k');
    expect(error.message).toMatch(/shorter than the declared size of 20 bytes/);
    expect(record.bytes).toBe(10);
    expect(record.finalCalled).toBe(false);
    expect(record.finished).toBe(false);
  });

  it.each<[string, { size?: number; maxSize?: number }]>([
    ['a negative size', { size: -1 }],
    ['a fractional size', { size: 1.5 }],
    ['a NaN size', { size: Number.NaN }],
    ['an infinite maxSize', { maxSize: Number.POSITIVE_INFINITY }],
    ['a negative maxSize', { maxSize: -5 }],
  ])('refuses %s with INVALID_INPUT, leaving the body untouched', (_label, options) => {
    const { stream, stats } = countingSource();
    expect(() => meterUpload(stream, options)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(stats.pulled).toBe(0);
  });
});

describe('meterUpload: checksum', () => {
  it('fails with CHECKSUM_MISMATCH before the stream ends: the downstream never finishes', async () => {
    const data = randomBytes(100_000);
    const { sink, record } = recordingSink();
    const meter = meterUpload(Readable.from([data]), { sha256: sha256(Buffer.from('other')), key: 'a.bin' });
    let ended = false;
    meter.on('end', () => {
      ended = true;
    });
    const error = await failure(pipeline(meter, sink));
    expect(error.code).toBe('CHECKSUM_MISMATCH');
    expect(error.key).toBe('a.bin');
    expect(error.message).toContain(sha256(data));
    // The bytes flowed (the hash is only known at the end), but nothing ever signalled a clean end.
    expect(record.bytes).toBe(data.length);
    expect(ended).toBe(false);
    expect(record.finalCalled).toBe(false);
    expect(record.finished).toBe(false);
  });

  it('checks the size before the checksum', async () => {
    const error = await failure(drain(meterUpload(Readable.from([Buffer.alloc(3)]), { size: 4, sha256: '0'.repeat(64) })));
    expect(error.code).toBe('INVALID_INPUT');
  });

  it.each(['abc', '0'.repeat(63), 'g'.repeat(64), `${'0'.repeat(64)} `])('refuses a malformed sha256 %j at once', (hash) => {
    expect(() => meterUpload(Readable.from([]), { sha256: hash })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringMatching(/sha256.*64 hexadecimal/) }),
    );
  });
});

describe('meterUpload: abort and source failures', () => {
  it('fails with ABORTED when the signal aborts midway, keeping the reason, and stops the source', async () => {
    const { stream, stats } = countingSource();
    const controller = new AbortController();
    const meter = meterUpload(stream, { signal: controller.signal, key: 'k' });
    const reason = new Error('user cancelled');
    meter.once('data', () => controller.abort(reason));
    const error = await failure(drain(meter));
    expect(error.code).toBe('ABORTED');
    expect(error.cause).toBe(reason);
    expect(error.key).toBe('k');
    await sleep(10);
    expect(stream.destroyed).toBe(true);
    expect(stats.pulled).toBeLessThan(10 * HWM);
  });

  it('fails with ABORTED for a signal aborted beforehand', async () => {
    const { stream, stats } = countingSource();
    const error = await failure(drain(meterUpload(stream, { signal: AbortSignal.abort('gone') })));
    expect(error.code).toBe('ABORTED');
    expect(error.cause).toBe('gone');
    expect(stats.pulled).toBeLessThanOrEqual(4 * HWM);
  });

  it('does not fail a finished upload when the signal aborts later, and leaves no listener behind', async () => {
    const controller = new AbortController();
    const meter = meterUpload(Readable.from([Buffer.from('abc')]), { signal: controller.signal });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    await drain(meter);
    await sleep(0);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    controller.abort();
    expect(meter.errored).toBeNull();
  });

  it('turns a source error into ABORTED with the error as cause, and the downstream never finishes', async () => {
    const source = new PassThrough();
    const { sink, record } = recordingSink();
    const done = pipeline(meterUpload(source, { key: 'k' }), sink);
    source.write(Buffer.alloc(1000));
    const cause = Object.assign(new Error('ECONNRESET'), { code: 'ECONNRESET' });
    setTimeout(() => source.destroy(cause), 5);
    const error = await failure(done);
    expect(error.code).toBe('ABORTED');
    expect(error.cause).toBe(cause);
    expect(error.key).toBe('k');
    expect(record.finished).toBe(false);
  });

  it('keeps a StowageError from the source as is', async () => {
    const source = new PassThrough();
    const meter = meterUpload(source, {});
    const original = new StowageError('TOO_LARGE', 'the server limit');
    setTimeout(() => source.destroy(original), 5);
    expect(await failure(drain(meter))).toBe(original);
  });

  it('turns a source that closes without ending (a dropped connection) into ABORTED', async () => {
    const source = new PassThrough();
    const meter = meterUpload(source, {});
    source.write('partial');
    setTimeout(() => source.destroy(), 5);
    const error = await failure(drain(meter));
    expect(error.code).toBe('ABORTED');
    expect((error.cause as { code?: string }).code).toBe('ERR_STREAM_PREMATURE_CLOSE');
  });

  it.each<[string, () => Readable]>([
    ['already ended', () => {
      const stream = Readable.from([]);
      stream.resume();
      return stream;
    }],
    ['destroyed', () => new PassThrough().destroy()],
  ])('refuses a body that is %s instead of waiting forever', async (_label, make) => {
    const stream = make();
    await sleep(10);
    expect(() => meterUpload(stream, {})).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});

describe('meterUpload: consumer failures', () => {
  it('destroys the source when the consumer destroys the meter', async () => {
    const { stream } = countingSource();
    const meter = meterUpload(stream, {});
    meter.once('data', () => meter.destroy(new Error('backend refused')));
    await expect(drain(meter)).rejects.toThrow('backend refused');
    await sleep(10);
    expect(stream.destroyed).toBe(true);
  });

  it('destroys the source when the consumer stops iterating', async () => {
    const { stream, stats } = countingSource();
    const meter = meterUpload(stream, {});
    await expect(
      (async () => {
        for await (const _chunk of meter) throw new Error('consumer failed');
      })(),
    ).rejects.toThrow('consumer failed');
    await sleep(10);
    expect(meter.destroyed).toBe(true);
    expect(stream.destroyed).toBe(true);
    expect(stats.pulled).toBeLessThan(10 * HWM);
  });

  it('destroys the source when a downstream in a pipeline fails, and keeps the downstream error', async () => {
    const { stream } = countingSource();
    const failing = new Writable({
      write(_chunk, _encoding, callback) {
        callback(new Error('disk full'));
      },
    });
    await expect(pipeline(meterUpload(stream, {}), failing)).rejects.toThrow('disk full');
    await sleep(10);
    expect(stream.destroyed).toBe(true);
  });

  it('does not destroy the source after a clean finish', async () => {
    const source = new PassThrough();
    source.end('abc');
    const meter = meterUpload(source, {});
    await drain(meter);
    await sleep(5);
    expect(source.errored).toBeNull();
  });
});

describe('abortError', () => {
  it('builds ABORTED with the reason as cause and the key', () => {
    const error = abortError('a.txt', 'why');
    expect(error.code).toBe('ABORTED');
    expect(error.cause).toBe('why');
    expect(error.key).toBe('a.txt');
    expect(abortError().key).toBeUndefined();
  });
});

describe('meterUpload: object-mode sources', () => {
  it('accepts an object-mode source of Buffers, Uint8Arrays and strings', async () => {
    const meter = meterUpload(Readable.from([Buffer.from('ab'), new Uint8Array([0x63]), 'dé']), { size: 6 });
    expect((await drain(meter)).toString('utf8')).toBe('abcdé');
  });

  it('fails with INVALID_INPUT, not an uncaught exception, for chunks that are not bytes', async () => {
    const source = Readable.from([Buffer.from('ok'), { not: 'bytes' }, Buffer.from('never')]);
    const error = await failure(drain(meterUpload(source, {})));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toMatch(/bytes/);
    await sleep(5);
    expect(source.destroyed).toBe(true);
  });
});

describe('meterUpload: backpressure', () => {
  it('stops pulling from the source while nobody reads the meter', async () => {
    const { stream, stats } = countingSource();
    const meter = meterUpload(stream, {});
    await sleep(50);
    expect(stats.pulled).toBeGreaterThan(0);
    expect(stats.pulled).toBeLessThanOrEqual(5 * HWM);
    meter.destroy();
  });

  it('streams 12 MiB with a slow consumer without buffering it', async () => {
    const { stream, stats } = countingSource(12 * 1024 * 1024, 64 * 1024);
    const meter = meterUpload(stream, { size: 12 * 1024 * 1024 });
    let consumed = 0;
    let maxAhead = 0;
    for await (const chunk of meter) {
      consumed += (chunk as Buffer).length;
      maxAhead = Math.max(maxAhead, stats.pulled - consumed);
      if (consumed % (1024 * 1024) < 64 * 1024) await sleep(1);
    }
    expect(consumed).toBe(12 * 1024 * 1024);
    expect(maxAhead).toBeLessThanOrEqual(512 * 1024);
  });
});

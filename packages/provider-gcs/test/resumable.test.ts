import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { isStowageError } from '@stowage/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { GcsProvider } from '../src/provider.js';
import { emulatorProvider } from './emulator.js';
import { recordingProxy, type Seen } from './recording-proxy.js';

const CHUNK = 256 * 1024;

function chunked(data: Buffer, piece = 64 * 1024, failWhen?: () => boolean): Readable {
  let offset = 0;
  return new Readable({
    read() {
      if (failWhen?.()) {
        this.destroy(new Error('source failed'));
        return;
      }
      if (offset >= data.length) {
        this.push(null);
        return;
      }
      this.push(data.subarray(offset, offset + piece));
      offset += piece;
    },
  });
}

async function readAll(provider: GcsProvider, key: string): Promise<Buffer> {
  const { body } = await provider.read(key);
  const parts: Buffer[] = [];
  for await (const part of body) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

// Multi-chunk resumable uploads, for real: chunkSize is the minimum (256 KiB), the bodies are several
// chunks long, and a recording proxy shows the protocol's exchanges (308 + Range, then the commit).
describe('resumable uploads (multi-chunk, through the emulator)', () => {
  let proxy: Awaited<ReturnType<typeof recordingProxy>>;
  let provider: GcsProvider;
  const prefix = `resumable-${randomBytes(4).toString('hex')}`;
  const puts = (): Seen[] => proxy.seen.filter((s) => s.method === 'PUT' && s.path.includes('upload_id'));

  beforeAll(async () => {
    proxy = await recordingProxy(inject('gcsEndpoint'));
    provider = await emulatorProvider({ apiEndpoint: proxy.endpoint, chunkSize: CHUNK, prefix });
  });
  afterAll(async () => {
    await proxy.close();
  });

  it('sends a stream of unknown length in 256 KiB chunks, each acknowledged with 308 + Range, and commits once', async () => {
    const data = randomBytes(5 * CHUNK + 12_345);
    proxy.seen.length = 0;
    const result = await provider.upload({ key: 'big.bin', body: chunked(data), contentType: 'application/x-test' });
    expect(result).toMatchObject({ key: 'big.bin', size: data.length, contentType: 'application/x-test', sha256: sha256(data) });
    const exchanges = puts();
    expect(exchanges.length).toBe(6);
    for (const [i, exchange] of exchanges.slice(0, -1).entries()) {
      expect(exchange.contentRange).toBe(`bytes ${i * CHUNK}-${(i + 1) * CHUNK - 1}/*`);
      expect(exchange.status).toBe(308);
      expect(exchange.range).toBe(`bytes=0-${(i + 1) * CHUNK - 1}`);
    }
    expect(exchanges.at(-1)).toMatchObject({ contentRange: `bytes ${5 * CHUNK}-${data.length - 1}/${data.length}`, status: 200 });
    expect(sha256(await readAll(provider, 'big.bin'))).toBe(sha256(data));
  });

  it('a source failing after several chunks leaves nothing, and an old object intact', async () => {
    const old = randomBytes(1000);
    await provider.upload({ key: 'keep.bin', body: old });
    const data = randomBytes(12 * CHUNK);
    proxy.seen.length = 0;
    // The source fails only once two chunks were acknowledged (308), so a session with data is abandoned.
    const error = await provider.upload({ key: 'keep.bin', body: chunked(data, 64 * 1024, () => puts().length >= 2) }).catch((e: unknown) => e);
    expect(isStowageError(error, 'ABORTED')).toBe(true);
    expect(puts().filter((s) => s.status === 308).length).toBe(2);
    expect(puts().some((s) => s.status === 200)).toBe(false);
    expect((await readAll(provider, 'keep.bin')).equals(old)).toBe(true);

    proxy.seen.length = 0;
    const fresh = await provider.upload({ key: 'never.bin', body: chunked(data, 64 * 1024, () => puts().length >= 1) }).catch((e: unknown) => e);
    expect(isStowageError(fresh, 'ABORTED')).toBe(true);
    expect(await provider.exists('never.bin')).toBe(false);
  });

  it('a SHA-256 mismatch found at the end of a multi-chunk upload commits nothing', async () => {
    const old = randomBytes(10);
    await provider.upload({ key: 'sum.bin', body: old });
    const data = randomBytes(3 * CHUNK + 1);
    const error = await provider.upload({ key: 'sum.bin', body: chunked(data), sha256: '0'.repeat(64) }).catch((e: unknown) => e);
    expect(isStowageError(error, 'CHECKSUM_MISMATCH'), String(error)).toBe(true);
    expect((await readAll(provider, 'sum.bin')).equals(old)).toBe(true);
  });

  it('an abort signal mid-upload commits nothing', async () => {
    const controller = new AbortController();
    const data = randomBytes(4 * CHUNK);
    const body = chunked(data, 64 * 1024);
    let sent = 0;
    body.on('data', (part: Buffer) => {
      sent += part.length;
      if (sent >= 2 * CHUNK) controller.abort();
    });
    const error = await provider.upload({ key: 'aborted.bin', body, signal: controller.signal }).catch((e: unknown) => e);
    expect(isStowageError(error, 'ABORTED')).toBe(true);
    expect(await provider.exists('aborted.bin')).toBe(false);
  });

  it('bytes in memory under resumableThreshold go up in one request; larger ones and every stream are resumable', async () => {
    const small = await emulatorProvider({ apiEndpoint: proxy.endpoint, chunkSize: CHUNK, prefix, resumableThreshold: 1024 });
    const kinds = async (run: () => Promise<unknown>) => {
      proxy.seen.length = 0;
      await run();
      return proxy.seen.filter((s) => s.method === 'POST').map((s) => new URL(s.path, 'http://x').searchParams.get('uploadType'));
    };
    expect(await kinds(() => small.upload({ key: 'tiny.bin', body: randomBytes(1023) }))).toEqual(['multipart']);
    expect(await kinds(() => small.upload({ key: 'over.bin', body: randomBytes(1024) }))).toEqual(['resumable']);
    expect(await kinds(() => small.upload({ key: 'stream.bin', body: Readable.from([randomBytes(10)]) }))).toEqual(['resumable']);
    // An empty stream is known to be empty only at its end: then one request (see upload.ts).
    expect(await kinds(() => small.upload({ key: 'none.bin', body: Readable.from([]) }))).toEqual(['multipart']);
  });

  it('uploads an empty stream', async () => {
    const result = await provider.upload({ key: 'empty.bin', body: Readable.from([]) });
    expect(result.size).toBe(0);
    expect((await provider.stat('empty.bin')).size).toBe(0);
  });
});

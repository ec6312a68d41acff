import { createHash, randomBytes } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { isStowageError } from '@stowage/core';
import { describe, expect, it } from 'vitest';
import { blobNames, freshProvider, readAll } from './helpers.js';

const MIB = 1024 * 1024;

/** A stream of `total` random bytes in `chunk`-sized pieces that fails after `failAfter` bytes, if given. */
function source(total: number, options: { chunk?: number; failAfter?: number } = {}): Readable {
  const chunk = options.chunk ?? 256 * 1024;
  let sent = 0;
  return new Readable({
    read() {
      if (options.failAfter !== undefined && sent >= options.failAfter) {
        this.destroy(new Error('source broke'));
        return;
      }
      if (sent >= total) {
        this.push(null);
        return;
      }
      const size = Math.min(chunk, total - sent);
      sent += size;
      this.push(randomBytes(size));
    },
  });
}

describe('upload through the SDK', () => {
  it('stores content type, cache control, disposition and metadata as Azure properties', async () => {
    const { provider, container } = await freshProvider();
    await provider.upload({
      key: 'docs/report.pdf',
      body: Buffer.from('%PDF-1.7'),
      contentType: 'application/pdf',
      cacheControl: 'public, max-age=60',
      contentDisposition: 'attachment; filename="report.pdf"',
      metadata: { owner: 'ana', 'x-trace-id': 'abc', '1st': 'yes', note: 'ünïcode 100%' },
    });
    const properties = await container.getBlobClient('docs/report.pdf').getProperties();
    expect(properties.contentType).toBe('application/pdf');
    expect(properties.cacheControl).toBe('public, max-age=60');
    expect(properties.contentDisposition).toBe('attachment; filename="report.pdf"');
    expect(properties.blobType).toBe('BlockBlob');
    expect(properties.metadata).toEqual({ owner: 'ana', x_trace_id: 'abc', _1st: 'yes', note: '%C3%BCn%C3%AFcode%20100%25' });
    const stat = await provider.stat('docs/report.pdf');
    expect(stat.metadata).toEqual({ owner: 'ana', 'x-trace-id': 'abc', '1st': 'yes', note: 'ünïcode 100%' });
  });

  it('refuses metadata names Azure cannot carry, before any request', async () => {
    const { provider, container } = await freshProvider();
    const error = await provider.upload({ key: 'a', body: Buffer.from('x'), metadata: { Bad_Name: 'x' } }).catch((e: unknown) => e);
    expect(isStowageError(error, 'INVALID_INPUT')).toBe(true);
    expect((error as Error).message).toContain('Bad_Name');
    expect(await blobNames(container)).toEqual([]);
  });

  it('streams an unknown-length body as several committed blocks', async () => {
    const { provider, container } = await freshProvider({ blockSize: MIB, concurrency: 2 });
    const hash = createHash('sha256');
    const body = source(5 * MIB + 123).on('data', (c: Buffer) => hash.update(c));
    const result = await provider.upload({ key: 'big.bin', body });
    expect(result.size).toBe(5 * MIB + 123);
    expect(result.sha256).toBe(hash.digest('hex'));
    const blocks = await container.getBlockBlobClient('big.bin').getBlockList('all');
    expect(blocks.committedBlocks?.length).toBe(6);
    expect(blocks.uncommittedBlocks ?? []).toEqual([]);
    const downloaded = await readAll((await container.getBlobClient('big.bin').download()).readableStreamBody!);
    expect(createHash('sha256').update(downloaded).digest('hex')).toBe(result.sha256);
  });

  it('commits nothing when the source fails midway, and keeps the old blob', async () => {
    const { provider, container } = await freshProvider({ blockSize: MIB });
    await provider.upload({ key: 'kept.bin', body: Buffer.from('old content') });
    const error = await provider.upload({ key: 'kept.bin', body: source(4 * MIB, { failAfter: 3 * MIB }) }).catch((e: unknown) => e);
    expect(isStowageError(error, 'ABORTED')).toBe(true);
    await provider.upload({ key: 'other.bin', body: Buffer.from('x') });
    const error2 = await provider.upload({ key: 'new.bin', body: source(4 * MIB, { failAfter: 2 * MIB }) }).catch((e: unknown) => e);
    expect(isStowageError(error2, 'ABORTED')).toBe(true);
    expect(await blobNames(container)).toEqual(['kept.bin', 'other.bin']);
    const kept = await readAll((await container.getBlobClient('kept.bin').download()).readableStreamBody!);
    expect(kept.toString()).toBe('old content');
    // Staged blocks may exist (Azure garbage-collects them), but none is committed.
    const blocks = await container.getBlockBlobClient('kept.bin').getBlockList('committed');
    expect(blocks.committedBlocks?.length).toBe(1);
  });

  it('commits nothing when aborted by the signal, and keeps the old blob', async () => {
    const { provider, container } = await freshProvider({ blockSize: MIB });
    await provider.upload({ key: 'doc.txt', body: Buffer.from('version 1'), contentType: 'text/plain' });
    const controller = new AbortController();
    const body = new PassThrough();
    const pending = provider.upload({ key: 'doc.txt', body, signal: controller.signal });
    body.write(randomBytes(3 * MIB));
    setTimeout(() => controller.abort(new Error('user left')), 200);
    const error = await pending.catch((e: unknown) => e);
    expect(isStowageError(error, 'ABORTED')).toBe(true);
    const properties = await container.getBlobClient('doc.txt').getProperties();
    expect(properties.contentLength).toBe(9);
    expect(properties.contentType).toBe('text/plain');
    const blocks = await container.getBlockBlobClient('doc.txt').getBlockList('committed');
    expect(blocks.committedBlocks?.length).toBe(1);
    const pendingNew = provider.upload({ key: 'never.txt', body: new PassThrough(), signal: AbortSignal.timeout(100) });
    expect(isStowageError(await pendingNew.catch((e: unknown) => e), 'ABORTED')).toBe(true);
    expect(await container.getBlobClient('never.txt').exists()).toBe(false);
  });

  it('commits nothing on a SHA-256 mismatch or an oversized body', async () => {
    const { provider, container } = await freshProvider({ blockSize: MIB });
    const wrong = '0'.repeat(64);
    const mismatch = await provider.upload({ key: 'sum.bin', body: source(3 * MIB), sha256: wrong }).catch((e: unknown) => e);
    expect(isStowageError(mismatch, 'CHECKSUM_MISMATCH')).toBe(true);
    const large = await provider.upload({ key: 'large.bin', body: source(3 * MIB), maxSize: 2 * MIB }).catch((e: unknown) => e);
    expect(isStowageError(large, 'TOO_LARGE')).toBe(true);
    expect(await blobNames(container)).toEqual([]);
    const data = randomBytes(1000);
    const ok = await provider.upload({ key: 'sum.bin', body: data, sha256: createHash('sha256').update(data).digest('hex') });
    expect(ok.size).toBe(1000);
  });

  it('stores under rootPath and reports the key without it', async () => {
    const { provider, container } = await freshProvider({ rootPath: 'tenant-1/uploads/' });
    const result = await provider.upload({ key: 'a b/ç.txt', body: Buffer.from('hi') });
    expect(result.key).toBe('a b/ç.txt');
    expect(await blobNames(container)).toEqual(['tenant-1/uploads/a b/ç.txt']);
    const listed = [];
    for await (const item of provider.list()) listed.push(item.key);
    expect(listed).toEqual(['a b/ç.txt']);
  });
});

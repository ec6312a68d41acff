import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { isStowageError, meterAppend, ResumableDigest, StowageError, type ResumableAppendOptions, type ResumableHandle, type UploadBody } from '@stowage/core';
import { randomBytes } from 'node:crypto';
import type { S3Context } from './context.js';
import { MAX_PARTS } from './multipart-upload.js';
import { MIN_PART_SIZE } from './options.js';
import { PartPool } from './part-pool.js';
import { checkHandle, readManifest, type Piece, type S3ResumableState } from './resumable-state.js';
import { splitBody } from './split-body.js';

/**
 * Appends `body` at `handle.offset`. The previous last piece, when under 5 MiB (it could not be a part),
 * is read back and goes first; the bytes are then cut into pieces of `partSize`, each `PutObject`ed as a
 * hidden object under a name unique to this append, `queueSize` at a time in `queueSize + 1` reused
 * buffers. Nothing an earlier handle names is ever overwritten, so every earlier handle stays valid, and a
 * failed append leaves only pieces no handle names (removed on complete or abort).
 */
export async function appendResumable(ctx: S3Context, raw: ResumableHandle, body: UploadBody, options: ResumableAppendOptions = {}): Promise<ResumableHandle> {
  const checked = checkHandle(ctx, raw);
  const { handle, state, paths } = checked;
  const meter = meterAppend(handle, body, options);
  const digest = await ResumableDigest.resume(state.digest, { key: handle.key, provider: 'aws-s3' });
  const pool = new PartPool(ctx.options.partSize, ctx.options.queueSize + 1);
  const cancel = new AbortController();
  let bodyFailure: { error: unknown } | undefined;
  meter.once('error', (error) => {
    bodyFailure ??= { error };
    cancel.abort(error);
    pool.fail(error);
  });
  try {
    await readManifest(ctx, checked, 'appendResumable', options.signal);
    const kept = [...state.pieces];
    const last = kept.at(-1);
    const head = last !== undefined && last.size < MIN_PART_SIZE ? await readPiece(ctx, paths.piece(last.name), cancel.signal) : undefined;
    if (head !== undefined) kept.pop();
    const start = kept.reduce((sum, p) => sum + p.size, 0);
    const pieces = await putPieces(ctx, withHead(head, hashed(meter, digest)), { pool, signal: cancel.signal, start, first: kept.length, folder: paths.folder, key: handle.key });
    // An abort (or a completion) that ran meanwhile removed the folder before these pieces landed in it.
    if (pieces.length > 0) await readManifest(ctx, checked, 'appendResumable').catch(async (error: unknown) => {
      await Promise.all(pieces.map((p) => ctx.client.send(new DeleteObjectCommand({ Bucket: ctx.bucket, Key: paths.piece(p.name) })).catch(() => undefined)));
      throw error;
    });
    const next: S3ResumableState = { id: state.id, pieces: [...kept, ...pieces], digest: digest.save() };
    return { key: handle.key, offset: start + pieces.reduce((sum, p) => sum + p.size, 0), state: { ...next } };
  } catch (error) {
    meter.destroy();
    cancel.abort(error);
    pool.fail(error);
    if (bodyFailure !== undefined) {
      if (isStowageError(bodyFailure.error)) throw bodyFailure.error;
      throw new StowageError('ABORTED', 'The append body failed', { cause: bodyFailure.error, key: handle.key, provider: 'aws-s3' });
    }
    throw ctx.error(error, 'appendResumable', handle.key);
  }
}

/** Reads a piece whole: it is under 5 MiB, so memory stays within a part. */
async function readPiece(ctx: S3Context, stored: string, signal: AbortSignal): Promise<Buffer> {
  const got = await ctx.client.send(new GetObjectCommand({ Bucket: ctx.bucket, Key: stored }), { abortSignal: signal });
  return Buffer.from((await got.Body?.transformToByteArray()) ?? new Uint8Array(0));
}

/** The appended bytes, each one fed to the digest as it passes. */
async function* hashed(source: AsyncIterable<Uint8Array>, digest: ResumableDigest): AsyncGenerator<Uint8Array, void, undefined> {
  for await (const chunk of source) {
    digest.update(chunk);
    yield chunk;
  }
}

async function* withHead(head: Buffer | undefined, rest: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array, void, undefined> {
  if (head !== undefined && head.byteLength > 0) yield head;
  yield* rest;
}

interface PutControl {
  pool: PartPool;
  signal: AbortSignal;
  /** The upload offset of the first byte of `source`, which names the first piece. */
  start: number;
  /** Pieces kept before these, to hold the total within S3's parts per upload. */
  first: number;
  folder: string;
  key: string;
}

/** Cuts `source` into pieces of the pool's part size and puts them, `queueSize` at a time. */
async function putPieces(ctx: S3Context, source: AsyncIterable<Uint8Array>, control: PutControl): Promise<Piece[]> {
  const pieces: Piece[] = [];
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  let offset = control.start;
  try {
    for await (const part of splitBody(source, control.pool)) {
      if (part.data.byteLength === 0) break;
      if (control.first + part.number > MAX_PARTS) {
        throw new StowageError('TOO_LARGE', `The upload needs more than ${MAX_PARTS} parts of partSize ${ctx.options.partSize} (raise partSize)`, { key: control.key, provider: 'aws-s3' });
      }
      while (inFlight.size >= ctx.options.queueSize) await Promise.race(inFlight);
      if (failure !== undefined) throw failure.error;
      const piece: Piece = { name: `${offset}-${randomBytes(8).toString('hex')}`, size: part.data.byteLength };
      offset += piece.size;
      pieces.push(piece);
      const request = ctx.client
        .send(new PutObjectCommand({ Bucket: ctx.bucket, Key: `${control.folder}${piece.name}`, Body: part.data, ContentLength: part.data.byteLength }), { abortSignal: control.signal })
        .then(() => {
          if (part.buffer !== undefined) control.pool.release(part.buffer);
        })
        .catch((error: unknown) => {
          failure ??= { error };
          control.pool.fail(error);
        })
        .finally(() => inFlight.delete(request));
      inFlight.add(request);
    }
    await Promise.all(inFlight);
    if (failure !== undefined) throw failure.error;
    return pieces;
  } catch (error) {
    // Every request settles first, so no piece is written after the append has failed.
    await Promise.all(inFlight);
    throw failure === undefined ? error : failure.error;
  }
}

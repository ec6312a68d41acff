import { EventEmitter } from 'node:events';
import { PassThrough, Readable, Stream } from 'node:stream';
import { ReadableStream as NodeWebReadableStream } from 'node:stream/web';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { isStowageError } from './errors.js';
import type { UploadBody } from './provider.js';
import { knownLength, toReadable } from './to-readable.js';

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString('utf8');
}

/** A minimal web stream that is not Node's implementation, as a polyfill would give. */
function foreignWebStream(chunks: unknown[], failWith?: Error) {
  const state = { cancelled: false as boolean, reason: undefined as unknown, locked: false };
  const stream = {
    get locked() {
      return state.locked;
    },
    getReader() {
      state.locked = true;
      let index = 0;
      return {
        read: async () => {
          await sleep(1);
          if (index < chunks.length) return { done: false, value: chunks[index++] };
          if (failWith) throw failWith;
          return { done: true, value: undefined };
        },
        cancel: async (reason?: unknown) => {
          state.cancelled = true;
          state.reason = reason;
        },
        releaseLock() {},
      };
    },
  };
  return { stream: stream as unknown as ReadableStream<Uint8Array>, state };
}

function nativeWebStream(chunks: Uint8Array[], close = true) {
  const state = { cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      if (close) controller.close();
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

describe('toReadable', () => {
  it('returns a Node Readable as is', () => {
    const stream = new PassThrough();
    expect(toReadable(stream)).toBe(stream);
  });

  it('streams a Buffer, a Uint8Array and an empty one', async () => {
    expect(await text(toReadable(Buffer.from('héllo')))).toBe('héllo');
    expect(await text(toReadable(new TextEncoder().encode('bytes')))).toBe('bytes');
    expect(await text(toReadable(new Uint8Array(0)))).toBe('');
  });

  it('streams a sub-array without its neighbours', async () => {
    const whole = Buffer.from('0123456789');
    expect(await text(toReadable(whole.subarray(2, 5)))).toBe('234');
  });

  it('yields bytes, not objects, for bytes', async () => {
    const stream = toReadable(Buffer.from('abc'));
    expect(stream.readableObjectMode).toBe(false);
  });

  it('streams a global (DOM-typed) web ReadableStream', async () => {
    const { stream } = nativeWebStream([new TextEncoder().encode('web '), new TextEncoder().encode('stream')]);
    expect(await text(toReadable(stream))).toBe('web stream');
  });

  it('streams a node:stream/web ReadableStream', async () => {
    const stream = new NodeWebReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array([0x6f, 0x6b]));
        controller.close();
      },
    });
    expect(await text(toReadable(stream))).toBe('ok');
  });

  it('streams a fetch Response body', async () => {
    const body = new Response('from fetch').body;
    if (body === null) throw new Error('no body');
    expect(await text(toReadable(body))).toBe('from fetch');
  });

  it('cancels a native web stream when the Readable is destroyed', async () => {
    const { stream, state } = nativeWebStream([new Uint8Array(10)], false);
    const readable = toReadable(stream);
    readable.destroy();
    await sleep(10);
    expect(state.cancelled).toBe(true);
  });

  it('passes a native web stream failure on as a stream error', async () => {
    const reason = new Error('network lost');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(1));
        setTimeout(() => controller.error(reason), 5);
      },
    });
    await expect(text(toReadable(stream))).rejects.toBe(reason);
  });

  it('streams a web stream from another implementation (a polyfill)', async () => {
    const { stream } = foreignWebStream([new TextEncoder().encode('poly'), 'fill']);
    expect(stream).not.toBeInstanceOf(NodeWebReadableStream);
    expect(await text(toReadable(stream))).toBe('polyfill');
  });

  it('passes a polyfill failure on as a stream error', async () => {
    const reason = new Error('polyfill broke');
    const { stream } = foreignWebStream([new Uint8Array(3)], reason);
    await expect(text(toReadable(stream))).rejects.toBe(reason);
  });

  it('refuses non-byte chunks from a polyfill with INVALID_INPUT', async () => {
    const { stream } = foreignWebStream([{ not: 'bytes' }]);
    await expect(text(toReadable(stream))).rejects.toSatisfy((error) => isStowageError(error, 'INVALID_INPUT'));
  });

  it('cancels a polyfill when the Readable is destroyed', async () => {
    const { stream, state } = foreignWebStream([new Uint8Array(1), new Uint8Array(1)]);
    const readable = toReadable(stream);
    const reason = new Error('stop');
    readable.on('error', () => undefined);
    readable.destroy(reason);
    await sleep(10);
    expect(state.cancelled).toBe(true);
    expect(state.reason).toBe(reason);
  });

  it('refuses a locked web stream with INVALID_INPUT', () => {
    const { stream } = nativeWebStream([]);
    stream.getReader();
    expect(() => toReadable(stream)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringMatching(/locked/) }));
  });

  it('wraps an old-style Node stream', async () => {
    const legacy = new Stream() as Stream & NodeJS.ReadableStream;
    // Not part of UploadBody's type, but accepted at runtime for plain-JavaScript callers.
    const readable = toReadable(legacy as unknown as UploadBody);
    setTimeout(() => {
      legacy.emit('data', Buffer.from('old '));
      legacy.emit('data', Buffer.from('style'));
      legacy.emit('end');
    }, 5);
    expect(await text(readable)).toBe('old style');
  });

  it.each<[string, unknown]>([
    ['a string', 'hello'],
    ['a number', 42],
    ['null', null],
    ['undefined', undefined],
    ['a plain object', { data: 'x' }],
    ['an ArrayBuffer', new ArrayBuffer(4)],
    ['an array of bytes', [1, 2, 3]],
    ['a Blob', new Blob(['x'])],
    ['an EventEmitter without pipe', new EventEmitter()],
  ])('refuses %s with INVALID_INPUT', (_label, body) => {
    try {
      toReadable(body as UploadBody);
      expect.unreachable();
    } catch (error) {
      expect(isStowageError(error, 'INVALID_INPUT')).toBe(true);
      expect((error as Error).message).toMatch(/Readable.*ReadableStream.*Uint8Array/);
    }
  });
});

describe('knownLength', () => {
  it('is the byte length of bytes and undefined for streams', () => {
    expect(knownLength(Buffer.from('héllo'))).toBe(6);
    expect(knownLength(new Uint8Array(0))).toBe(0);
    expect(knownLength(Buffer.alloc(10).subarray(3))).toBe(7);
    expect(knownLength(new PassThrough())).toBeUndefined();
    expect(knownLength(new ReadableStream<Uint8Array>())).toBeUndefined();
  });
});

describe('UploadBody types', () => {
  it('accepts DOM and node:stream/web streams, Node streams and bytes', () => {
    expectTypeOf<ReadableStream<Uint8Array>>().toExtend<UploadBody>();
    expectTypeOf<NodeWebReadableStream<Uint8Array>>().toExtend<UploadBody>();
    expectTypeOf<NonNullable<Response['body']>>().toExtend<UploadBody>();
    expectTypeOf<Readable>().toExtend<UploadBody>();
    expectTypeOf<PassThrough>().toExtend<UploadBody>();
    expectTypeOf<Buffer>().toExtend<UploadBody>();
    expectTypeOf<Uint8Array>().toExtend<UploadBody>();
    expectTypeOf(toReadable).parameter(0).toEqualTypeOf<UploadBody>();
    expectTypeOf(toReadable).returns.toEqualTypeOf<Readable>();
  });

  it('rejects strings and blobs', () => {
    expectTypeOf<string>().not.toExtend<UploadBody>();
    expectTypeOf<Blob>().not.toExtend<UploadBody>();
    expectTypeOf<ReadableStream<string>>().not.toExtend<UploadBody>();
  });
});

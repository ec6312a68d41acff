import { connect, type Socket } from 'node:net';

/** A response read off a raw socket. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The parsed JSON body, if it is JSON. */
  json: { error?: { message: string; data?: { code?: string } }; processedFiles?: unknown[] } | undefined;
  /** Body bytes the client had written when the answer's first bytes arrived. */
  sentWhenAnswered: number;
}

/**
 * Sends a hand-made request on a raw socket: `head` (request line and headers, without the blank line)
 * then the chunks `body` yields, stopping early when the server answers or closes. Resolves the
 * response, or `undefined` when the socket closed without one; rejects when nothing happens for
 * `timeoutMs` (a hang).
 */
export function rawRequest(url: string, head: string, body: Iterable<Buffer | string> = [], options: { timeoutMs?: number; endAfterBody?: boolean } = {}): Promise<RawResponse | undefined> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(Number(target.port), target.hostname);
    const received: Buffer[] = [];
    let sent = 0;
    let sentWhenAnswered = -1;
    let settled = false;
    const timer = setTimeout(() => finish(new Error(`no answer within ${options.timeoutMs ?? 10_000} ms (a hang)`)), options.timeoutMs ?? 10_000);
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (error) return reject(error);
      resolve(parse(Buffer.concat(received), sentWhenAnswered));
    };
    socket.on('data', (chunk: Buffer) => {
      if (sentWhenAnswered < 0) sentWhenAnswered = sent;
      received.push(chunk);
      const text = Buffer.concat(received).toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(text.slice(0, end));
      if (length !== null && Buffer.concat(received).length >= end + 4 + Number(length[1])) finish();
    });
    socket.on('close', () => finish());
    socket.on('error', () => finish());
    socket.on('connect', async () => {
      socket.write(`${head}\r\n\r\n`);
      for (const chunk of body) {
        if (settled || sentWhenAnswered >= 0 || socket.destroyed) return;
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        sent += bytes.length;
        if (!socket.write(bytes)) await new Promise<void>((r) => { socket.once('drain', r); socket.once('close', r); });
      }
      // A half-close would make Node's server abort the request (httpAllowHalfOpen is off): keep it open.
      if (options.endAfterBody === true && !socket.destroyed) socket.end();
    });
  });
}

function parse(raw: Buffer, sentWhenAnswered: number): RawResponse | undefined {
  const text = raw.toString('utf8');
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine = '', ...lines] = text.slice(0, end).split('\r\n');
  const status = Number(statusLine.split(' ')[1]);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(':');
    headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  const body = text.slice(end + 4);
  let json: RawResponse['json'];
  try {
    json = JSON.parse(body) as RawResponse['json'];
  } catch {
    json = undefined;
  }
  return { status, headers, body, json, sentWhenAnswered };
}

/** The head of a multipart POST (chunked, so no length is promised). */
export function multipartHead(path: string, boundary: string | undefined, headers: Record<string, string> = {}): string {
  const type = boundary === undefined ? 'multipart/form-data' : `multipart/form-data; boundary=${boundary}`;
  const extra = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  return `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${type}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n${extra}`.replace(/\r\n$/, '');
}

/** Frames `data` as one HTTP chunk (for chunked request bodies). */
export function chunk(data: Buffer | string): Buffer {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  return Buffer.concat([Buffer.from(`${bytes.length.toString(16)}\r\n`), bytes, Buffer.from('\r\n')]);
}

/** The chunked body's terminator. */
export const LAST_CHUNK = '0\r\n\r\n';

/** A multipart part header. */
export function partHeader(boundary: string, name: string, filename?: string, type = 'application/octet-stream'): string {
  return `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${filename === undefined ? '' : `; filename="${filename}"`}\r\n${filename === undefined ? '' : `Content-Type: ${type}\r\n`}\r\n`;
}

/** A whole multipart body: fields (`value` strings) and files (`data`), then the closing delimiter. */
export function multipartBody(boundary: string, parts: ({ name: string; value: string } | { name: string; filename: string; type?: string; data: Buffer | string })[]): Buffer {
  const out: Buffer[] = [];
  for (const part of parts) {
    if ('value' in part) out.push(Buffer.from(`${partHeader(boundary, part.name)}${part.value}\r\n`));
    else out.push(Buffer.from(partHeader(boundary, part.name, part.filename, part.type)), Buffer.from(part.data), Buffer.from('\r\n'));
  }
  out.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(out);
}

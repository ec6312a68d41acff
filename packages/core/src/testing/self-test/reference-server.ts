import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { isStowageError } from '../../errors.js';
import type { ReferenceProvider } from './reference-provider.js';

/** The HTTP side of the reference provider: serves its signed URLs (`GET /o/<key>`) and signed uploads (`PUT /u/<key>`). */
export interface ReferenceServer {
  baseUrl: string;
  close(): Promise<void>;
}

/** Starts the server for `provider` on an ephemeral port of 127.0.0.1. */
export async function startReferenceServer(provider: ReferenceProvider): Promise<ReferenceServer> {
  const server: Server = createServer((req, res) => void serve(provider, req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A URL of the server: `o` for reads, `u` for uploads, the key's segments encoded, the signed parameters. */
export function referenceUrl(baseUrl: string, kind: 'o' | 'u', key: string, params: Record<string, string>): string {
  const path = key.split('/').map(encodeURIComponent).join('/');
  return `${baseUrl}/${kind}/${path}?${new URLSearchParams(params).toString()}`;
}

/** The signed payloads, shared by the signer and the verifier so they cannot drift apart. */
export const payloads = {
  read: (key: string, exp: string, disposition: string) => `GET\n${key}\n${exp}\n${disposition}`,
  upload: (key: string, exp: string, maxSize: string, contentType: string) => `PUT\n${key}\n${exp}\n${maxSize}\n${contentType}`,
};

async function serve(provider: ReferenceProvider, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const reply = (status: number, text = '') => {
    if (!res.headersSent) res.writeHead(status, { 'content-type': 'text/plain' });
    res.end(text);
  };
  try {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const [, kind, ...segments] = url.pathname.split('/');
    const key = segments.map((s) => decodeURIComponent(s)).join('/');
    const q = (name: string) => url.searchParams.get(name) ?? '';
    const valid = (payload: string) => provider.verifySignature(payload, q('sig')) && !provider.isExpired(Number(q('exp')));
    if (kind === 'o' && req.method === 'GET') {
      if (!valid(payloads.read(key, q('exp'), q('rcd')))) return reply(403, 'signature invalid or expired');
      const stat = await provider.stat(key);
      const read = await provider.read(key);
      const disposition = q('rcd') || stat.contentDisposition;
      res.writeHead(200, { 'content-type': read.contentType, 'content-length': read.contentLength, ...(disposition ? { 'content-disposition': disposition } : {}) });
      await pipeline(read.body, res);
      return;
    }
    if (kind === 'u' && req.method === 'PUT') {
      if (!valid(payloads.upload(key, q('exp'), q('max'), q('ct')))) return reply(403, 'signature invalid or expired');
      const maxSize = Number(q('max'));
      // Refused before reading when the length is announced; `maxSize` also stops an unannounced one midway.
      if (Number(req.headers['content-length'] ?? 0) > maxSize) {
        req.resume();
        return reply(413, 'too large');
      }
      await provider.upload({ key, body: req, maxSize, contentType: q('ct') });
      return reply(201);
    }
    reply(404);
  } catch (error) {
    const status = isStowageError(error, 'NOT_FOUND') ? 404 : isStowageError(error, 'TOO_LARGE') ? 413 : isStowageError(error, 'INVALID_KEY', 'INVALID_INPUT', 'ABORTED') ? 400 : 500;
    req.resume();
    reply(status);
  }
}

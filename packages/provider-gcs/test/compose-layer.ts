import { randomBytes } from 'node:crypto';
import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * A test-only layer in front of the emulator for the one JSON API call it lacks: objects.compose
 * (firebase-tools answers `POST .../o/NAME/compose` with 501 Not Implemented, through its catch-all route).
 * It implements Google's documented semantics from the emulator's own calls: 1 to 32 source objects of the
 * bucket, each must exist (404 otherwise), concatenated in order into the destination, which is created
 * with the request's destination resource (contentType, cacheControl, contentDisposition, metadata) and
 * `destinationPredefinedAcl`; the answer is the new object's resource, with `componentCount` and without
 * `md5Hash`, as GCS answers for a composite object. Every other request passes through untouched.
 */

const COMPOSE = /^(?:\/storage\/v1)?\/b\/([^/?]+)\/o\/([^/?]+)\/compose(?:\?.*)?$/;
const MAX_SOURCES = 32;

interface ComposeRequest {
  destination?: Record<string, unknown>;
  sourceObjects?: { name?: unknown }[];
}

/** Counts of what the layer did, for tests that check the provider's use of compose. */
export interface ComposeStats {
  /** Compose requests served, with their source counts. */
  composes: number[];
}

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const { connection: _c, 'keep-alive': _k, 'transfer-encoding': _t, ...rest } = headers;
  return rest;
}

function fail(res: ServerResponse, code: number, message: string): void {
  res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code, message, errors: [{ message }] } }));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function compose(upstream: string, req: IncomingMessage, res: ServerResponse, stats: ComposeStats): Promise<void> {
  const [, bucketPart, objectPart] = COMPOSE.exec(req.url ?? '') as RegExpExecArray;
  const bucket = decodeURIComponent(bucketPart as string);
  const destinationName = decodeURIComponent(objectPart as string);
  const query = new URL(req.url ?? '', 'http://layer').searchParams;
  let body: ComposeRequest;
  try {
    body = JSON.parse((await readBody(req)).toString('utf8')) as ComposeRequest;
  } catch {
    return fail(res, 400, 'Invalid JSON payload');
  }
  const sources = body.sourceObjects ?? [];
  if (!Array.isArray(sources) || sources.length === 0) return fail(res, 400, 'Required: sourceObjects');
  if (sources.length > MAX_SOURCES) return fail(res, 400, `The number of source components provided (${sources.length}) exceeds the maximum (${MAX_SOURCES})`);
  const objectUrl = (name: string) => `${upstream}/storage/v1/b/${encodeURIComponent(bucket)}/o/${encodeURIComponent(name)}`;
  const parts: Buffer[] = [];
  let componentCount = 0;
  for (const source of sources) {
    if (typeof source.name !== 'string') return fail(res, 400, 'Required: sourceObjects[].name');
    const meta = await fetch(objectUrl(source.name));
    if (meta.status === 404) return fail(res, 404, `No such object: ${bucket}/${source.name}`);
    if (!meta.ok) return fail(res, meta.status, `source ${source.name}: HTTP ${meta.status}`);
    componentCount += Number(((await meta.json()) as { componentCount?: number }).componentCount ?? 1);
    const media = await fetch(`${objectUrl(source.name)}?alt=media`);
    if (!media.ok) return fail(res, media.status, `source ${source.name}: HTTP ${media.status}`);
    parts.push(Buffer.from(await media.arrayBuffer()));
  }
  stats.composes.push(sources.length);
  const boundary = `compose-${randomBytes(8).toString('hex')}`;
  const resource: Record<string, unknown> = { ...(body.destination ?? {}), name: destinationName };
  const multipart = Buffer.concat([
    Buffer.from(`--${boundary}\r\ncontent-type: application/json\r\n\r\n${JSON.stringify(resource)}\r\n--${boundary}\r\ncontent-type: ${String(resource.contentType ?? 'application/octet-stream')}\r\n\r\n`),
    ...parts,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const acl = query.get('destinationPredefinedAcl');
  const uploadUrl = `${upstream}/upload/storage/v1/b/${encodeURIComponent(bucket)}/o?uploadType=multipart&name=${encodeURIComponent(destinationName)}${acl ? `&predefinedAcl=${encodeURIComponent(acl)}` : ''}`;
  const stored = await fetch(uploadUrl, { method: 'POST', headers: { 'content-type': `multipart/related; boundary=${boundary}` }, body: multipart });
  if (!stored.ok) return fail(res, stored.status, `compose write: HTTP ${stored.status}: ${await stored.text()}`);
  const { md5Hash: _md5, ...object } = (await stored.json()) as Record<string, unknown>;
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...object, componentCount }));
}

/** Starts the layer in front of `target` (the emulator's endpoint) on 127.0.0.1. */
export async function composeLayer(target: string): Promise<{ endpoint: string; stats: ComposeStats; close(): Promise<void> }> {
  const upstream = new URL(target);
  const stats: ComposeStats = { composes: [] };
  const server: Server = createServer((req, res) => {
    if (req.method === 'POST' && COMPOSE.test(req.url ?? '')) {
      compose(target.replace(/\/+$/, ''), req, res, stats).catch((error: unknown) => {
        if (!res.headersSent) fail(res, 500, String(error));
        else res.destroy();
      });
      return;
    }
    const forward = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: endToEnd(req.headers) }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
      answer.pipe(res);
    });
    forward.on('error', () => res.destroy());
    // A client that gives up on a request (an aborted upload) must not leave the forwarded one hanging.
    req.on('close', () => {
      if (!req.complete) forward.destroy();
    });
    req.pipe(forward);
  });
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 125_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stats,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

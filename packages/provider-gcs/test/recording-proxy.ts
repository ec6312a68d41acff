import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request seen by the proxy, with the status it got. */
export interface Seen {
  method: string;
  path: string;
  contentRange: string | undefined;
  status: number;
  range: string | undefined;
}

// Hop-by-hop headers belong to one connection: forwarding the emulator's `Keep-Alive: timeout=…` would
// make clients keep sockets to this proxy longer than it does.
function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const { connection: _c, 'keep-alive': _k, 'transfer-encoding': _t, ...rest } = headers;
  return rest;
}

/** A pass-through HTTP proxy in front of the emulator that records the resumable protocol's exchanges. */
export async function recordingProxy(target: string): Promise<{ endpoint: string; seen: Seen[]; close(): Promise<void> }> {
  const upstream = new URL(target);
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    const forward = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: endToEnd(req.headers) },
      (answer) => {
        seen.push({
          method: req.method ?? '',
          path: req.url ?? '',
          contentRange: req.headers['content-range'],
          status: answer.statusCode ?? 0,
          range: answer.headers.range,
        });
        res.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    // A client that gives up on a request (an aborted upload) must not leave the forwarded one hanging.
    req.on('close', () => {
      if (!req.complete) forward.destroy();
    });
    req.pipe(forward);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A node:http server on 127.0.0.1 whose handler is set once the provider (which needs the URL) exists. */
export interface SignedServer {
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  use(handler: (req: IncomingMessage, res: ServerResponse) => Promise<void> | void): void;
  close(): Promise<void>;
}

export async function startSignedServer(): Promise<SignedServer> {
  let current: ((req: IncomingMessage, res: ServerResponse) => Promise<void> | void) | undefined;
  const server = createServer((req, res) => {
    if (current === undefined) {
      res.statusCode = 503;
      res.end();
      return;
    }
    void current(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    use: (handler) => {
      current = handler;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

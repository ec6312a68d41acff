import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listenHost } from './http/listen-host.js';
import { createStowageHandler, type StowageHandler, type StowageHandlerOptions } from './handler.js';

/** A running standalone server. */
export interface RunningServer {
  readonly server: Server;
  readonly handler: StowageHandler;
  /** `http://host:port`. */
  readonly url: string;
  readonly port: number;
  /**
   * Graceful shutdown: stops accepting connections, lets uploads in flight finish (up to the
   * configured `shutdownTimeout`), then closes the store and the provider.
   */
  close(): Promise<void>;
}

/** Options of {@link startServer}: the handler's, plus where to listen (else `config.port` / `config.host`). */
export interface StartServerOptions extends StowageHandlerOptions {
  port?: number;
  host?: string;
}

/** Starts the standalone HTTP server. */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const handler = await createStowageHandler(options);
  const { config, logger } = handler.context;
  // Large uploads may take long; only the wait for request headers is bounded tightly.
  const server = createServer({ requestTimeout: 0, headersTimeout: 60_000 }, handler);
  const port = options.port ?? config.port;
  const host = listenHost(options.host ?? config.host, handler.context.auth.mode, logger);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.address === '0.0.0.0' || address.address === '::' ? 'localhost' : address.address;
  const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${address.port}`;
  logger.info({ url }, 'listening');
  let closed: Promise<void> | undefined;
  return {
    server,
    handler,
    url,
    port: address.port,
    close() {
      closed ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await handler.close();
        server.closeAllConnections();
        await stopped;
      })();
      return closed;
    },
  };
}

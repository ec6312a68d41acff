import { createServer, Socket, type Server } from 'node:net';

/** A TCP proxy that cuts its first connection to pass `cutAfter` bytes up to the server; later ones pass whole. */
export async function cuttingProxy(target: number, cutAfter: number): Promise<{ port: number; cuts: number; close(): Promise<void> }> {
  const state = { cuts: 0, armed: true };
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = new Socket();
    sockets.add(client).add(upstream);
    let sent = 0;
    upstream.connect(target, '127.0.0.1');
    client.on('data', (chunk: Buffer) => {
      sent += chunk.length;
      if (state.armed && sent > cutAfter) {
        state.armed = false;
        state.cuts += 1;
        client.destroy();
        upstream.destroy();
        return;
      }
      // Backpressure, so that what counts as sent has left the proxy: a proxy that buffered the whole body
      // would cut with most of it never delivered.
      if (!upstream.write(chunk)) {
        client.pause();
        upstream.once('drain', () => client.resume());
      }
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    port: (server.address() as { port: number }).port,
    get cuts() {
      return state.cuts;
    },
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((done) => server.close(() => done()));
    },
  };
}

import type { S3Target } from './stowage.js';

/** What the parent sends an uploader child (a target that is a client of S3, not an HTTP server). */
export type UploaderCommand =
  | { type: 'big'; id: number; size: number; key: string }
  | { type: 'small'; id: number; size: number; count: number; concurrency: number; prefix: string };

/** What a child sends back. */
export type ChildMessage =
  | { type: 'ready'; port?: number }
  | { type: 'done'; id: number; ms?: number; wallMs?: number; latencies?: number[]; error?: string };

// Each child loads only its own stack: a module loaded but unused would still count in its RSS.
const ceilings = () => import('./ceilings.js');
const peers = () => import('./peers.js');
const stowage = () => import('./stowage.js');

/** The servers a child can run, by target id. */
const SERVERS: Record<string, (dir: string, s3: S3Target | undefined) => Promise<number>> = {
  discard: async () => (await ceilings()).startDiscard(),
  'raw-file-default': async (dir) => (await ceilings()).startRawToFile(dir, undefined),
  'raw-file-8mib': async (dir) => (await ceilings()).startRawToFile(dir, 8 * 1024 * 1024),
  'busboy-file': async (dir) => (await ceilings()).startBusboyToFile(dir),
  'multer-memory': async (dir) => (await peers()).startMulter(dir, 'memory'),
  'multer-disk': async (dir) => (await peers()).startMulter(dir, 'disk'),
  'fastify-multipart': async (dir) => (await peers()).startFastify(dir),
  'strapi-local': async (dir) => (await peers()).startStrapiLocal(dir),
  'stowage-local': async (dir) => (await stowage()).startStowage(dir),
  'stowage-local-nofsync': async (dir) => (await stowage()).startStowage(dir, undefined, { fsync: false }),
  'stowage-s3': async (dir, s3) => (await stowage()).startStowage(dir, required(s3)),
};

function required(s3: S3Target | undefined): S3Target {
  if (s3 === undefined) throw new Error('BENCH_S3 is not set');
  return s3;
}

async function serveUploader(s3: S3Target): Promise<void> {
  const { libStorageUploader } = await import('./lib-storage.js');
  const upload = libStorageUploader(s3);
  process.on('message', (command: UploaderCommand) => {
    const reply = (message: ChildMessage) => process.send?.(message);
    const started = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
    if (command.type === 'big') {
      upload(command.key, command.size).then(
        () => reply({ type: 'done', id: command.id, ms: elapsed() }),
        (error: Error) => reply({ type: 'done', id: command.id, error: error.message }),
      );
      return;
    }
    const latencies: number[] = [];
    let next = 0;
    const worker = async () => {
      while (next < command.count) {
        const key = `${command.prefix}${next}`;
        next += 1;
        const t = process.hrtime.bigint();
        await upload(key, command.size);
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    };
    Promise.all(Array.from({ length: command.concurrency }, worker)).then(
      () => reply({ type: 'done', id: command.id, wallMs: elapsed(), latencies }),
      (error: Error) => reply({ type: 'done', id: command.id, error: error.message }),
    );
  });
  process.send?.({ type: 'ready' } satisfies ChildMessage);
}

async function main(): Promise<void> {
  const target = process.argv[2] ?? '';
  const dir = process.env.BENCH_DIR ?? '';
  const s3 = process.env.BENCH_S3 === undefined ? undefined : (JSON.parse(process.env.BENCH_S3) as S3Target);
  if (target === 'lib-storage-s3') {
    await serveUploader(required(s3));
    return;
  }
  const start = SERVERS[target];
  if (start === undefined) throw new Error(`Unknown target "${target}"`);
  const port = await start(dir, s3);
  process.send?.({ type: 'ready', port } satisfies ChildMessage);
}

// A plain exit (not death by signal) lets `--cpu-prof` write its profile.
process.on('SIGINT', () => process.exit(0));

main().catch((error: unknown) => {
  process.stderr.write(`bench child: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

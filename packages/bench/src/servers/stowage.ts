import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where the S3 targets write: the test S3 server's endpoint, a bucket that exists, and credentials. */
export interface S3Target {
  endpoint: string;
  region: string;
  bucket: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

/**
 * The Stowage server as `stowage serve` runs it, with file records in SQLite and the local provider
 * under `dir`, or the aws-s3 provider when `s3` is given. Logs are off (`error` only), as for the
 * peers, which log nothing.
 */
export async function startStowage(dir: string, s3?: S3Target, providerOptions: Record<string, unknown> = {}): Promise<number> {
  // STOWAGE_BENCH_SERVER: another build of @stowage/server (a file), to measure a candidate fix
  // against this one; STOWAGE_BENCH_PROVIDER_OPTIONS: JSON merged into the provider's options;
  // STOWAGE_BENCH_SERVER_CONFIG: JSON merged into the server's configuration.
  const alternative = process.env.STOWAGE_BENCH_SERVER;
  const { startServer } = (alternative === undefined ? await import('@stowage/server') : await import(pathToFileURL(alternative).href)) as typeof import('@stowage/server');
  const extra = { ...providerOptions, ...(JSON.parse(process.env.STOWAGE_BENCH_PROVIDER_OPTIONS ?? '{}') as Record<string, unknown>) };
  const running = await startServer({
    // The bench package: provider packages resolve from its dependencies.
    cwd: process.cwd(),
    port: 0,
    host: '127.0.0.1',
    config: {
      ...(s3 === undefined
        ? { provider: 'local', providerOptions: { root: join(dir, 'uploads'), ...extra } }
        : {
            provider: 'aws-s3',
            providerOptions: {
              ...s3,
              ...extra,
              forcePathStyle: true,
              // See the shared test-server notes: the SDK's default checksums break S3-compatible servers.
              requestChecksumCalculation: 'WHEN_REQUIRED',
              responseChecksumValidation: 'WHEN_REQUIRED',
            },
          }),
      database: { client: 'sqlite', filename: join(dir, 'stowage.db') },
      tus: { stagingDir: join(dir, 'tus'), sweepInterval: 0 },
      sizeLimit: 16 * 1024 ** 3,
      logLevel: 'error',
      // A fixed secret only keeps the start-up warning about a random one out of the output.
      signingSecret: 'bench-signing-secret-bench-signing-secret',
      ...(JSON.parse(process.env.STOWAGE_BENCH_SERVER_CONFIG ?? '{}') as Record<string, unknown>),
    },
  });
  return running.port;
}

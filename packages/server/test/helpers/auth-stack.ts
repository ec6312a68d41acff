import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import type { StowageConfigInput } from '../../src/config/schema.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { JWT_SECRET } from './auth-tokens.js';
import { freshS3Bucket } from './s3.js';

export const AUTH_ADMIN_SECRET = 'auth-admin-secret-0123456789';

/** The two providers the hostile matrix runs against. */
export const AUTH_PROVIDERS = ['local', 'aws-s3'] as const;
export type AuthProviderName = (typeof AUTH_PROVIDERS)[number];

/** A server with JWT auth on, its log lines, and where provider-local keeps its files. */
export interface AuthStack {
  readonly server: RunningServer;
  readonly url: string;
  readonly provider: AuthProviderName;
  /** provider-local's root (undefined for S3). */
  readonly localRoot: string | undefined;
  /** The S3 bucket (undefined for provider-local). */
  readonly s3Bucket: string | undefined;
  /** Every log line so far, parsed. */
  readonly logs: Record<string, unknown>[];
  close(): Promise<void>;
}

/**
 * Starts the standalone server with HS256 JWT auth, the admin secret and the matrix's buckets:
 * `default` (safe defaults), `images` (image/* only), `open` (public read), `short` (1 s links).
 */
export async function startAuthStack(provider: AuthProviderName, config: Partial<StowageConfigInput> = {}): Promise<AuthStack> {
  const dir = await mkdtemp(join(tmpdir(), 'stowage-auth-test-'));
  const localRoot = provider === 'local' ? join(dir, 'uploads') : undefined;
  const storage = provider === 'local' ? { provider: 'local', providerOptions: { root: localRoot, fsync: false } } : await freshS3Bucket();
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line.trim() !== '') logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const server = await startServer({
    config: {
      ...storage,
      database: { client: 'sqlite', filename: join(dir, `stowage-${randomBytes(4).toString('hex')}.db`) },
      buckets: {
        images: { allowedMimeTypes: ['image/*'] },
        open: {},
        short: { downloadExpiration: 1 },
      },
      auth: {
        jwt: { secret: JWT_SECRET },
        buckets: { open: { read: 'public', upload: ['uploader', 'editor'] } },
      },
      adminSecret: AUTH_ADMIN_SECRET,
      logLevel: 'info',
      orphanGracePeriod: 0,
      sizeLimit: 1024 * 1024,
      limits: { files: 5, fields: 20, fieldSize: 4096 },
      ...config,
    },
    logger: pino({ level: 'info' }, sink),
    host: '127.0.0.1',
    port: 0,
  });
  return {
    server,
    url: server.url,
    provider,
    localRoot,
    s3Bucket: provider === 'aws-s3' ? (storage.providerOptions as { bucket: string }).bucket : undefined,
    logs,
    async close() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

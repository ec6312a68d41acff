import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAPIClient } from './nhost.js';
import type { Provider } from '@stowage/core';
import type { StowageConfigInput } from '../../src/config/schema.js';
import { startServer, type RunningServer } from '../../src/server.js';

export const ADMIN_SECRET = 'test-admin-secret-0123456789';

/** The buckets every suite run configures besides `default`. */
export const TEST_BUCKETS: StowageConfigInput['buckets'] = {
  images: { allowedMimeTypes: ['image/*'], maxUploadFileSize: 64 * 1024, cacheControl: 'public, max-age=60' },
  private: { presignedUrlsEnabled: false, minUploadFileSize: 4 },
};

export interface TestServer {
  readonly server: RunningServer;
  readonly url: string;
  readonly client: ReturnType<typeof createAPIClient>;
  readonly provider: Provider;
  close(): Promise<void>;
}

/**
 * Starts the standalone server on a free port. Without `provider`, it runs provider-local in a temp
 * directory with SQLite there too (the embedded default's stack).
 */
export async function startTestServer(options: { config?: StowageConfigInput; provider?: Provider } = {}): Promise<TestServer> {
  const dir = await mkdtemp(join(tmpdir(), 'stowage-server-test-'));
  const config: StowageConfigInput = {
    provider: 'local',
    providerOptions: { root: join(dir, 'uploads'), fsync: false },
    database: { client: 'sqlite', filename: join(dir, 'stowage.db') },
    buckets: TEST_BUCKETS,
    logLevel: 'silent',
    adminSecret: ADMIN_SECRET,
    orphanGracePeriod: 0,
    sizeLimit: 32 * 1024 * 1024,
    limits: { files: 5, fields: 20, fieldSize: 4096 },
    ...options.config,
  };
  const server = await startServer({ config, host: '127.0.0.1', port: 0, ...(options.provider === undefined ? {} : { provider: options.provider }) });
  const client = createAPIClient(`${server.url}/v1`);
  return {
    server,
    url: server.url,
    client,
    provider: server.handler.context.provider,
    async close() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshPostgres } from './helpers/databases.js';
import { scaleOutSuite } from './helpers/scale-out-suite.js';

// The same stack shape as production (shared PostgreSQL), with a shared directory standing in for S3.
scaleOutSuite('PostgreSQL and a shared local directory', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'stowage-scale-'));
  return {
    config: { database: await freshPostgres(), providerOptions: { root: dir, fsync: false }, adminSecret: 'scale-out-admin-secret', orphanGracePeriod: 0 },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});

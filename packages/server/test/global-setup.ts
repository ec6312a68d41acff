import { startCeph } from '@stowage/test-servers/ceph';
import { startPostgres } from '@stowage/test-servers/postgres';
import { s3ServerInfo, type S3TestServerInfo } from '@stowage/test-servers/s3-server';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A throw-away PostgreSQL cluster's admin connection string; tests create their own databases. */
    postgresUrl: string;
    /** A throw-away Ceph RADOS Gateway (real S3, checks signatures); tests create their own buckets. */
    ceph: S3TestServerInfo;
  }
}

/**
 * One PostgreSQL cluster (about a second) and one single-node Ceph with its S3 gateway (a few seconds)
 * for the whole run, both installed from Debian when missing.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const log = (line: string) => console.log(`[test servers] ${line}`);
  const [postgres, ceph] = await Promise.allSettled([startPostgres({ log }), withRetries(() => startCeph({ log, memstoreBytes: 768 * 1024 ** 2 }), 3, log)]);
  const stopAll = async () => {
    for (const started of [postgres, ceph]) if (started.status === 'fulfilled') await started.value.stop();
  };
  if (postgres.status === 'rejected' || ceph.status === 'rejected') {
    await stopAll();
    throw postgres.status === 'rejected' ? postgres.reason : (ceph as PromiseRejectedResult).reason;
  }
  project.provide('postgresUrl', postgres.value.connectionString);
  project.provide('ceph', s3ServerInfo(ceph.value));
  return stopAll;
}

// A fresh single-node Ceph occasionally fails a start-up step (the monitor refusing a command while it
// settles); a new cluster in a new directory starts cleanly.
async function withRetries<T>(start: () => Promise<T>, attempts: number, log: (line: string) => void): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (error) {
      if (attempt >= attempts) throw error;
      log(`start failed (attempt ${attempt}/${attempts}), retrying: ${String(error).split('\n')[0]}`);
    }
  }
}

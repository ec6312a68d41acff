import { startCeph, type CephServer } from '@stowage/test-servers/ceph';
import { s3ServerInfo, type S3TestServer, type S3TestServerInfo } from '@stowage/test-servers/s3-server';
import { startSwift } from '@stowage/test-servers/swift';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    ceph: S3TestServerInfo & { kmsKeyIds: readonly string[] };
    swift: S3TestServerInfo;
  }
}

/** Installs (when missing) and starts Ceph RGW and Swift s3api on 127.0.0.1 for every test file. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now();
  const log = (line: string) => console.log(`[s3 servers] ${line}`);
  const results = await Promise.allSettled([startCeph({ log }), startSwift({ log })]);
  const servers = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value as S3TestServer] : []));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await Promise.all(servers.map((s) => s.stop()));
    throw failed.reason;
  }
  const [ceph, swift] = servers as [CephServer, S3TestServer];
  log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s (ceph start ${(ceph.startupMs / 1000).toFixed(1)} s, swift start ${(swift.startupMs / 1000).toFixed(1)} s)`);
  project.provide('ceph', { ...s3ServerInfo(ceph), kmsKeyIds: [...ceph.kmsKeyIds] });
  project.provide('swift', s3ServerInfo(swift));
  return async () => {
    await Promise.all(servers.map((s) => s.stop()));
  };
}

import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCeph } from '@stowage/test-servers/ceph';
import { s3ServerInfo, type S3TestServerInfo } from '@stowage/test-servers/s3-server';
import type { TestProject } from 'vitest/node';
import { packPublicPackages } from './setup/pack.js';
import { createScratchProject } from './setup/scratch.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's temp directory (outside the repository); tests make their own folders in it. */
    work: string;
    /** Each public package's tarball, by package name. */
    tarballs: Record<string, string>;
    /** The npm project in which every tarball is installed. Tests share it and never install into it. */
    scratch: string;
    /** A throw-away Ceph RADOS Gateway (real S3); tests create their own buckets. */
    ceph: S3TestServerInfo;
  }
}

/**
 * Once per run: packs the public packages, installs them in one scratch npm project and, meanwhile,
 * starts Ceph (installed from Debian when missing) for the S3 tests.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const log = (line: string) => console.log(`[packed] ${line}`);
  const work = await mkdtemp(join(tmpdir(), 'stowage-packed-'));
  const started = Date.now();
  const ceph = startCeph({ log, memstoreBytes: 512 * 1024 ** 2 });
  // Not awaited until the install is done; a rejection meanwhile must not go unhandled.
  ceph.catch(() => undefined);
  const cleanUp = async () => {
    await ceph.then((server) => server.stop()).catch(() => undefined);
    await rm(work, { recursive: true, force: true });
  };
  try {
    const destination = join(work, 'tarballs');
    await mkdir(destination);
    const tarballs = await packPublicPackages(destination);
    log(`packed ${Object.keys(tarballs).length} packages in ${Date.now() - started} ms`);
    const scratch = join(work, 'scratch');
    await createScratchProject(scratch, tarballs);
    log(`installed the tarballs with npm in ${Date.now() - started} ms`);
    project.provide('work', work);
    project.provide('tarballs', tarballs);
    project.provide('scratch', scratch);
    project.provide('ceph', s3ServerInfo(await ceph));
    log(`ready in ${Date.now() - started} ms`);
  } catch (error) {
    await cleanUp();
    throw error;
  }
  return cleanUp;
}

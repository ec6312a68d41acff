import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureDebianPackages, freePort, logTails, run, serverDir, startDaemon, waitFor, type Daemon } from './process-utils.js';
import { answersHttp, type S3TestServer } from './s3-server.js';

/** Options of {@link startCeph}. */
export interface StartCephOptions {
  /**
   * Bytes of RAM the memstore OSD may hold (all objects live in memory).
   * @default 2 GiB
   */
  memstoreBytes?: number;
  /** Progress lines (install, start steps). @default silent */
  log?: (line: string) => void;
}

/** A running single-node Ceph cluster with a RADOS Gateway on 127.0.0.1. */
export interface CephServer extends S3TestServer {
  readonly kind: 'ceph';
  /**
   * KMS key ids the gateway knows (its `testing` KMS backend), usable as SSE-KMS key ids: objects
   * uploaded with `x-amz-server-side-encryption: aws:kms` and one of these ids are really encrypted.
   */
  readonly kmsKeyIds: readonly string[];
}

const PACKAGES = ['ceph-mon', 'ceph-osd', 'radosgw'];
const BINARIES = ['ceph-mon', 'ceph-osd', 'radosgw', 'radosgw-admin', 'monmaptool', 'ceph'];

/**
 * Installs Ceph from Debian when missing, then starts a throw-away single-node cluster (one monitor, one
 * memstore OSD, one RADOS Gateway) in a temp directory and creates an S3 user. Starts in a few seconds:
 * the monitor's paxos intervals are shortened, msgr2 is off and pools have one replica.
 */
export async function startCeph(options: StartCephOptions = {}): Promise<CephServer> {
  const log = options.log ?? (() => {});
  await ensureDebianPackages(BINARIES, PACKAGES, log);
  const started = Date.now();
  const dir = await serverDir('stowage-ceph');
  const daemons: Daemon[] = [];
  const stop = async () => {
    for (const daemon of daemons.reverse()) await daemon.stop();
    daemons.length = 0;
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const [monPort, rgwPort] = [await freePort(), await freePort()];
    const kmsKeys = { 'stowage-key-1': randomBytes(32).toString('base64'), 'stowage-key-2': randomBytes(32).toString('base64') };
    const conf = join(dir, 'ceph.conf');
    const fsid = randomUUID();
    for (const sub of ['mon/a', 'osd/0', 'run', 'log', 'rgw']) await mkdir(join(dir, sub), { recursive: true });
    await writeFile(conf, cephConf({ dir, fsid, monPort, rgwPort, memstoreBytes: options.memstoreBytes ?? 2 * 1024 ** 3, kmsKeys }));
    const env = { ...process.env, CEPH_CONF: conf };
    const ceph = (...args: string[]) => retryCeph(() => run('ceph', ['-c', conf, '--connect-timeout', '20', ...args], { env, timeoutMs: 60_000 }));

    await run('monmaptool', ['--create', '--fsid', fsid, '--addv', 'a', `[v1:127.0.0.1:${monPort}]`, join(dir, 'monmap')], { env });
    await run('ceph-mon', ['-c', conf, '--mkfs', '-i', 'a', '--monmap', join(dir, 'monmap')], { env });
    daemons.push(startDaemon('ceph-mon', 'ceph-mon', ['-f', '-c', conf, '-i', 'a'], { env, logFile: join(dir, 'log', 'mon.out') }));
    log('ceph: monitor started');

    const osdUuid = randomUUID();
    const osdId = (await ceph('osd', 'create', osdUuid)).trim();
    await ceph('osd', 'crush', 'add', `osd.${osdId}`, '1', 'root=default');
    await run('ceph-osd', ['-c', conf, '-i', osdId, '--mkfs', '--osd-uuid', osdUuid], { env, timeoutMs: 60_000 });
    await startOsd(daemons, osdId, conf, env, dir, ceph);
    log('ceph: OSD up');

    const rgw = startDaemon('radosgw', 'radosgw', ['-f', '-c', conf, '-n', 'client.rgw.a'], { env, logFile: join(dir, 'log', 'rgw.out') });
    daemons.push(rgw);
    const endpoint = `http://127.0.0.1:${rgwPort}`;
    await waitFor('the RADOS Gateway to answer HTTP', () => answersHttp(endpoint), {
      timeoutMs: 90_000,
      abortIf: () => (rgw.hasExited() ? `radosgw exited; see ${join(dir, 'log')}` : undefined),
    });
    const credentials = { accessKeyId: `STOWAGE${randomBytes(6).toString('hex').toUpperCase()}`, secretAccessKey: randomBytes(24).toString('base64url') };
    await run('radosgw-admin', ['-c', conf, '-n', 'client.rgw.a', 'user', 'create', '--uid=stowage', '--display-name=Stowage tests', `--access-key=${credentials.accessKeyId}`, `--secret=${credentials.secretAccessKey}`], { env, timeoutMs: 60_000 });
    log('ceph: gateway ready');
    return { kind: 'ceph', endpoint, region: 'us-east-1', credentials, startupMs: Date.now() - started, dir, kmsKeyIds: Object.keys(kmsKeys), stop };
  } catch (error) {
    const logs = await logTails(join(dir, 'log'));
    await stop();
    throw new Error(`Ceph did not start: ${String(error)}\n${logs}`, { cause: error });
  }
}

// The first start of a fresh OSD sometimes exits at once ("wrong fsid", update_crush_device_class);
// starting it again fixes it, so allow a few attempts.
async function startOsd(daemons: Daemon[], id: string, conf: string, env: NodeJS.ProcessEnv, dir: string, ceph: (...args: string[]) => Promise<string>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const osd = startDaemon(`ceph-osd.${id}`, 'ceph-osd', ['-f', '-c', conf, '-i', id], { env, logFile: join(dir, 'log', `osd.${id}.out`) });
    try {
      await waitFor('the OSD to be up', async () => ((await ceph('osd', 'stat', '--format', 'json')).includes('"num_up_osds":1') ? true : undefined), {
        timeoutMs: 60_000,
        intervalMs: 200,
        abortIf: () => (osd.hasExited() ? 'ceph-osd exited' : undefined),
      });
      daemons.push(osd);
      return;
    } catch (error) {
      await osd.stop();
      if (attempt >= 4) throw error;
    }
  }
}

// A CLI call racing the monitor's start sometimes sends a zero fsid and gets "EPERM: problem getting
// command descriptions"; the same call a moment later works.
async function retryCeph(call: () => Promise<string>): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= 5 || !/problem getting command descriptions|error connecting to the cluster/i.test(String(error))) throw error;
      await new Promise((r) => setTimeout(r, 200 * attempt));
    }
  }
}

function cephConf(o: { dir: string; fsid: string; monPort: number; rgwPort: number; memstoreBytes: number; kmsKeys: Record<string, string> }): string {
  return `[global]
fsid = ${o.fsid}
mon host = v1:127.0.0.1:${o.monPort}
ms bind msgr2 = false
ms bind ipv6 = false
public addr = 127.0.0.1
auth cluster required = none
auth service required = none
auth client required = none
run dir = ${o.dir}/run
admin socket = ${o.dir}/run/$name.asok
log file = ${o.dir}/log/$name.log
pid file = ${o.dir}/run/$name.pid
keyring = ${o.dir}/keyring
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon allow pool delete = true
mon warn on pool no redundancy = false
mon data = ${o.dir}/mon/$id
osd data = ${o.dir}/osd/$id
osd objectstore = memstore
memstore device bytes = ${o.memstoreBytes}
osd max object size = ${1024 ** 3}

[mon]
paxos propose interval = 0.05
paxos min wait = 0.01
mon osd report timeout = 3600

[client.rgw.a]
rgw frontends = beast endpoint=127.0.0.1:${o.rgwPort}
rgw data = ${o.dir}/rgw
rgw crypt require ssl = false
rgw crypt s3 kms backend = testing
rgw crypt s3 kms encryption keys = ${Object.entries(o.kmsKeys).map(([id, key]) => `${id}=${key}`).join(' ')}
rgw enable usage log = false
rgw thread pool size = 64
`;
}

import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureDebianPackages, freePort, logTails, run, serverDir, startDaemon, waitFor, type Daemon } from './process-utils.js';
import { answersHttp, type S3TestServer } from './s3-server.js';
import { CACHE_MODULE, proxyConf, RING_SCRIPT, storageConf, swiftConf } from './s3-swift-config.js';

/** Options of {@link startSwift}. */
export interface StartSwiftOptions {
  /** Progress lines (install, start steps). @default silent */
  log?: (line: string) => void;
}

const PACKAGES = ['swift-proxy', 'swift-object', 'swift-container', 'swift-account'];
const BINARIES = ['swift-proxy-server', 'swift-object-server', 'swift-container-server', 'swift-account-server', 'swift-ring-builder'];
const RINGS = ['account', 'container', 'object'] as const;

/**
 * Installs OpenStack Swift from Debian when missing, then starts a throw-away single-node cluster in a temp
 * directory: account, container and object servers on one device with 1-replica rings, and a proxy with
 * the s3api middleware and tempauth (`workers = 0`). S3 credentials: access key `stowage:tester`.
 */
export async function startSwift(options: StartSwiftOptions = {}): Promise<S3TestServer> {
  const log = options.log ?? (() => {});
  await ensureDebianPackages(BINARIES, PACKAGES, log);
  const started = Date.now();
  const dir = await serverDir('stowage-swift');
  const daemons: Daemon[] = [];
  const stop = async () => {
    await Promise.all(daemons.map((d) => d.stop()));
    daemons.length = 0;
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const etc = join(dir, 'etc');
    for (const sub of ['etc', 'srv/d1', 'log', 'python']) await mkdir(join(dir, sub), { recursive: true });
    const ports = { proxy: await freePort(), account: await freePort(), container: await freePort(), object: await freePort() };
    const secret = randomBytes(18).toString('base64url');
    await writeFile(join(etc, 'swift.conf'), swiftConf());
    await writeFile(join(dir, 'python', 'stowage_swift_cache.py'), CACHE_MODULE);
    await writeFile(join(etc, 'proxy-server.conf'), proxyConf(etc, ports.proxy, secret));
    for (const ring of RINGS) await writeFile(join(etc, `${ring}-server.conf`), storageConf(ring, etc, join(dir, 'srv'), ports[ring]));
    // One Python process builds the three rings: swift-ring-builder takes seconds per call.
    await run('/usr/bin/python3', ['-c', RING_SCRIPT, etc, String(ports.account), String(ports.container), String(ports.object)], { timeoutMs: 60_000, env: { ...process.env, EVENTLET_NO_GREENDNS: 'yes' } });
    // The proxy's tempauth needs a memcache; one in-process dict does for a single proxy process.
    // EVENTLET_NO_GREENDNS: eventlet's DNS module alone costs about a second per process start.
    const env = { ...process.env, PYTHONPATH: join(dir, 'python'), EVENTLET_NO_GREENDNS: 'yes' };
    for (const name of [...RINGS, 'proxy'] as const) {
      daemons.push(startDaemon(`swift-${name}`, `swift-${name}-server`, [join(etc, `${name}-server.conf`), '-v'], { env, logFile: join(dir, 'log', `${name}.out`) }));
    }
    const exited = () => daemons.find((d) => d.hasExited())?.name;
    for (const name of [...RINGS, 'proxy'] as const) {
      await waitFor(`swift-${name}-server to answer HTTP`, () => answersHttp(`http://127.0.0.1:${ports[name]}/healthcheck`), {
        timeoutMs: 60_000,
        abortIf: () => (exited() === undefined ? undefined : `${exited()} exited`),
      });
    }
    log(`swift: proxy ready (${Date.now() - started} ms)`);
    const endpoint = `http://127.0.0.1:${ports.proxy}`;
    return { kind: 'swift', endpoint, region: 'us-east-1', credentials: { accessKeyId: 'stowage:tester', secretAccessKey: secret }, startupMs: Date.now() - started, dir, stop };
  } catch (error) {
    const logs = await logTails(join(dir, 'log'));
    await stop();
    throw new Error(`Swift did not start: ${String(error)}\n${logs}`, { cause: error });
  }
}

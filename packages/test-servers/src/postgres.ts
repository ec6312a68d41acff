import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdtemp, readdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, run } from './process-utils.js';

/** Options of {@link startPostgres}. */
export interface StartPostgresOptions {
  /**
   * The system user the cluster runs as when this process is root (PostgreSQL refuses to run as root).
   * Created when missing.
   * @default 'postgres'
   */
  user?: string;
  /** Progress lines (install, start). @default silent */
  log?: (line: string) => void;
}

/** A running throw-away PostgreSQL cluster on 127.0.0.1. */
export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:PORT/postgres` (trust authentication, no password). */
  readonly connectionString: string;
  readonly port: number;
  /** The cluster's temporary directory (data, socket, log). */
  readonly dir: string;
  /** How long the start took, installation excluded. */
  readonly startupMs: number;
  /** Creates a fresh database and returns its connection string; for isolating test files. */
  createDatabase(name?: string): Promise<string>;
  /** Stops the cluster at once and removes its directory. */
  stop(): Promise<void>;
}

const running = new Set<() => void>();
let exitHookInstalled = false;

/**
 * Installs Debian's `postgresql` when missing (`apt-get update` first), then runs a throw-away cluster:
 * `initdb` and `pg_ctl` in a temp directory, listening on 127.0.0.1 on a free port, with durability off
 * (fsync, synchronous commit) because nothing in it has to survive. As root the cluster runs as `user`
 * through `runuser`.
 */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresServer> {
  const log = options.log ?? (() => {});
  const bin = await ensurePostgres(log);
  const started = Date.now();
  const asRoot = process.getuid?.() === 0;
  const user = options.user ?? 'postgres';
  if (asRoot) await ensureUser(user);
  const dir = await mkdtemp(join(tmpdir(), 'stowage-postgres-'));
  const data = join(dir, 'data');
  if (asRoot) {
    const { uid, gid } = await idsOf(user);
    await chown(dir, uid, gid);
  }
  await chmod(dir, 0o700);
  const as = (command: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', user, '--', join(bin, command), ...args], { timeoutMs: 120_000 }) : run(join(bin, command), args, { timeoutMs: 120_000 });

  await as('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  const settings = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  await as('pg_ctl', ['-D', data, '-o', settings, '-l', join(dir, 'postgres.log'), '-w', '-t', '60', 'start']);
  log(`postgres: started on port ${port}`);

  // A crashed or interrupted test run must not leave a cluster behind holding a port and memory.
  const stopNow = () => {
    const args = ['-D', data, '-m', 'immediate', 'stop'];
    spawnSync(asRoot ? 'runuser' : join(bin, 'pg_ctl'), asRoot ? ['-u', user, '--', join(bin, 'pg_ctl'), ...args] : args, { stdio: 'ignore' });
  };
  running.add(stopNow);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => running.forEach((stop) => stop()));
  }

  const connectionString = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    connectionString,
    port,
    dir,
    startupMs: Date.now() - started,
    async createDatabase(name = `stowage_${randomBytes(6).toString('hex')}`) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`createDatabase: "${name}" is not a plain lower-case identifier`);
      await run(join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', name]);
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      if (!running.delete(stopNow)) return;
      await as('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The newest installed server's `bin` directory, installing Debian's `postgresql` when there is none. */
async function ensurePostgres(log: (line: string) => void): Promise<string> {
  const found = await findBinDir();
  if (found !== undefined) return found;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const lock = ['-o', 'DPkg::Lock::Timeout=600'];
  log('postgres: apt-get update');
  await run('apt-get', ['update', ...lock], { env, timeoutMs: 600_000 });
  log('postgres: installing postgresql (apt-get)');
  await run('apt-get', ['install', '-y', '--no-install-recommends', ...lock, 'postgresql'], { env, timeoutMs: 900_000 });
  const installed = await findBinDir();
  if (installed === undefined) throw new Error('apt-get installed postgresql but no /usr/lib/postgresql/*/bin/initdb was found');
  return installed;
}

async function findBinDir(): Promise<string | undefined> {
  const root = '/usr/lib/postgresql';
  const versions = await readdir(root).catch(() => [] as string[]);
  const sorted = versions.filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  for (const version of sorted) {
    const bin = join(root, version, 'bin');
    if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) return bin;
  }
  return undefined;
}

async function ensureUser(user: string): Promise<void> {
  const exists = await run('id', ['-u', user]).then(() => true, () => false);
  if (!exists) await run('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', user]);
}

async function idsOf(user: string): Promise<{ uid: number; gid: number }> {
  const uid = Number((await run('id', ['-u', user])).trim());
  const gid = Number((await run('id', ['-g', user])).trim());
  return { uid, gid };
}

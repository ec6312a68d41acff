import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';

/** A daemon started in the foreground, killed by `stop()` or when this process exits. */
export interface Daemon {
  readonly name: string;
  readonly child: ChildProcess;
  /** Settles when the process has exited, with its exit code (or the signal's name). */
  readonly exited: Promise<number | string>;
  /** Whether the process has exited. */
  readonly hasExited: () => boolean;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

// A crashed or interrupted test run must not leave servers behind that hold ports and memory.
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

/** Starts `command` in the foreground; its stdout and stderr go to `logFile`. */
export function startDaemon(name: string, command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; logFile: string }): Daemon {
  installExitHook();
  const log = createWriteStream(options.logFile, { flags: 'a' });
  // setpriv --pdeathsig: the kernel kills the daemon when this process dies, even by SIGKILL or a signal
  // that skips 'exit' handlers, so an interrupted test run leaves no servers behind.
  const [file, argv] = hasBinary('setpriv') ? ['setpriv', ['--pdeathsig', 'KILL', '--', command, ...args]] : [command, args];
  const child = spawn(file, argv, { env: options.env ?? process.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  running.add(child);
  let done = false;
  const exited = new Promise<number | string>((resolve) => {
    child.once('error', (error) => {
      done = true;
      running.delete(child);
      resolve(String(error));
    });
    child.once('exit', (code, signal) => {
      done = true;
      running.delete(child);
      resolve(code ?? signal ?? 'unknown');
    });
  });
  return {
    name,
    child,
    exited,
    hasExited: () => done,
    async stop(graceMs = 3_000) {
      if (done) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
      log.end();
    },
  };
}

/** Runs a command to completion and returns its stdout. @throws with the command's stderr on failure. */
export function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const input = options.input;
    const child = spawn(command, args, { env: options.env ?? process.env, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else reject(new Error(`${command} ${args.join(' ')} failed (${code ?? signal}): ${(stderr || stdout).trim().slice(-2_000)}`));
    });
    if (child.stdin) {
      // A command that exits before reading its input closes the pipe: EPIPE is not the command's failure.
      child.stdin.on('error', () => {});
      child.stdin.end(input);
    }
  });
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `probe` until it returns a value other than `undefined`. @throws after `timeoutMs`, with the last error. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, options: { timeoutMs?: number; intervalMs?: number; abortIf?: () => string | undefined } = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let last: unknown;
  for (;;) {
    const reason = options.abortIf?.();
    if (reason !== undefined) throw new Error(`Waiting for ${what}: ${reason}`);
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 100));
  }
}

/** Whether an executable named `name` is on the PATH (or in the sbin directories root usually has). */
export function hasBinary(name: string): boolean {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin', '/usr/bin'];
  return dirs.some((dir) => dir !== '' && existsSync(join(dir, name)));
}

/**
 * Installs Debian packages unless every binary in `binaries` is already there, so repeated runs are fast.
 * Runs `apt-get update` only when the package lists do not know the packages yet.
 */
export async function ensureDebianPackages(binaries: string[], packages: string[], log: (line: string) => void = () => {}): Promise<void> {
  if (binaries.every(hasBinary)) return;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // Other test runs may hold dpkg's lock at the same moment: wait for it instead of failing.
  const lock = ['-o', 'DPkg::Lock::Timeout=600'];
  const install = () => run('apt-get', ['install', '-y', '--no-install-recommends', ...lock, ...packages], { env, timeoutMs: 900_000 });
  log(`installing ${packages.join(' ')} (apt-get)`);
  try {
    await install();
  } catch (error) {
    if (!/Unable to locate package|has no installation candidate|Failed to fetch/.test(String(error))) throw error;
    log('package lists are stale: apt-get update');
    await run('apt-get', ['update', ...lock], { env, timeoutMs: 600_000 });
    await install();
  }
  const missing = binaries.filter((b) => !hasBinary(b));
  if (missing.length > 0) throw new Error(`apt-get installed ${packages.join(' ')} but ${missing.join(', ')} are still missing`);
}

/** The last lines of every log file in `dir`, for an error message when a server does not start. */
export async function logTails(dir: string, lines = 15): Promise<string> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const parts: string[] = [];
  for (const name of names.sort()) {
    const text = await readFile(join(dir, name), 'utf8').catch(() => '');
    const tail = text.trimEnd().split('\n').slice(-lines).join('\n');
    if (tail !== '') parts.push(`--- ${name}\n${tail}`);
  }
  return parts.join('\n');
}

/**
 * A fresh temp directory for one server, named `<prefix>-XXXXXX`, marked with this process's pid. Directories
 * of the same prefix left by test runs that died (their pid is gone) are removed first.
 */
export async function serverDir(prefix: string): Promise<string> {
  const root = tmpdir();
  for (const name of await readdir(root).catch(() => [] as string[])) {
    if (!name.startsWith(`${prefix}-`)) continue;
    const owner = Number(await readFile(join(root, name, 'owner.pid'), 'utf8').catch(() => ''));
    if (Number.isSafeInteger(owner) && owner > 0 && !isAlive(owner)) await rm(join(root, name), { recursive: true, force: true }).catch(() => {});
  }
  const dir = await mkdtemp(join(root, `${prefix}-`));
  await writeFile(join(dir, 'owner.pid'), String(process.pid));
  return dir;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

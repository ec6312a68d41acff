import { spawn } from 'node:child_process';
import { commandLine, descendants } from './process-tree.js';
import { childEnv } from './run-command.js';

/** A running `npx stowage serve`. */
export interface Served {
  /** The base URL it logged, on 127.0.0.1. */
  url: string;
  /** What it printed so far (stdout and stderr). */
  output(): string;
  /** Sends SIGTERM to the server process and answers the exit code of npx. */
  stop(): Promise<number | null>;
}

/**
 * The pid of the node process running the `stowage` bin under npx. npx runs it through `sh -c`, and a
 * SIGTERM sent to npx is forwarded to that shell only, which dies and leaves the server running; so the
 * signal goes to the server itself, as a service manager signalling the whole group would also do.
 */
function serverPid(npxPid: number | undefined): number {
  const pid = npxPid === undefined ? undefined : descendants(npxPid).find((p) => /node .*\bstowage serve\b/.test(commandLine(p)));
  if (pid === undefined) throw new Error('the server process under npx was not found');
  return pid;
}

/** Kills npx and, first, what runs under it: killing npx alone would leave the server running. */
function killAll(npxPid: number | undefined): void {
  if (npxPid === undefined) return;
  for (const pid of [...descendants(npxPid), npxPid]) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

/**
 * Runs `npx stowage serve` in `cwd` (inside the scratch project, so npx finds the packed CLI there) on a
 * free port of 127.0.0.1, and waits for the "listening" log line, which carries the URL.
 */
export function serve(cwd: string, args: readonly string[] = [], env: NodeJS.ProcessEnv = {}): Promise<Served> {
  const child = spawn('npx', ['--no-install', 'stowage', 'serve', '--port', '0', '--host', '127.0.0.1', ...args], {
    cwd,
    env: childEnv({ STOWAGE_LOG_LEVEL: 'info', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise<Served>((resolve, reject) => {
    const timer = setTimeout(() => {
      killAll(child.pid);
      reject(new Error(`stowage serve did not log its URL within 60 s:\n${output}`));
    }, 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"url":"(http:\/\/[^"]+)","msg":"listening"/.exec(output);
      if (match?.[1] === undefined) return;
      clearTimeout(timer);
      resolve({
        url: match[1].replace('localhost', '127.0.0.1').replace(/\/$/, ''),
        output: () => output,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) process.kill(serverPid(child.pid), 'SIGTERM');
          // A server that ignores SIGTERM must not hang the run: killed after 30 s, it answers null.
          const guard = setTimeout(() => killAll(child.pid), 30_000);
          return exited.finally(() => clearTimeout(guard));
        },
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', reject);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`stowage serve exited with ${code} before listening:\n${output}`));
    });
  });
}

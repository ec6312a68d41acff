import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, UploaderCommand } from './servers/entry.js';
import type { S3Target } from './servers/stowage.js';

// Built by `tsup` (the `bench` script runs it first): see tsup.config.ts for why.
const ENTRY = fileURLToPath(new URL('../.targets/entry.js', import.meta.url));
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

/** A target running in its own Node process, so that its memory is its own. */
export interface Child {
  readonly pid: number;
  /** The HTTP port, for server targets. */
  readonly port: number | undefined;
  /** Sends an uploader command and resolves its answer. */
  command(command: UploaderCommand extends infer C ? (C extends UploaderCommand ? Omit<C, 'id'> : never) : never): Promise<Extract<ChildMessage, { type: 'done' }>>;
  stop(): Promise<void>;
}

/** Options of {@link startChild}. */
export interface ChildOptions {
  dir: string;
  s3?: S3Target;
  /** Extra Node flags, such as `--cpu-prof`. */
  nodeArgs?: readonly string[];
}

let commands = 0;

/** Forks the child for `server` and waits until it listens (or is ready for commands). */
export async function startChild(server: string, options: ChildOptions): Promise<Child> {
  const proc: ChildProcess = fork(ENTRY, [server], {
    cwd: PACKAGE_DIR,
    // STOWAGE_BENCH_NODE_ARGS: extra Node flags for every target, for experiments (space-separated).
    execArgv: [...(process.env.STOWAGE_BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []), ...(options.nodeArgs ?? [])],
    env: { ...process.env, BENCH_DIR: options.dir, ...(options.s3 === undefined ? {} : { BENCH_S3: JSON.stringify(options.s3) }) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const ready = await new Promise<Extract<ChildMessage, { type: 'ready' }>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${server} did not start within 60 s`)), 60_000);
    proc.on('message', (message: ChildMessage) => {
      if (message.type !== 'ready') return;
      clearTimeout(timer);
      resolve(message);
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${server} exited with code ${code} before it was ready`));
    });
  });
  const pid = proc.pid;
  if (pid === undefined) throw new Error(`${server} has no pid`);
  return {
    pid,
    port: ready.port,
    command(command) {
      commands += 1;
      const id = commands;
      return new Promise((resolve, reject) => {
        // A stalled upload fails the repetition instead of hanging the whole run.
        const timer = setTimeout(() => {
          proc.off('message', onMessage);
          proc.off('exit', onExit);
          reject(new Error(`${server}: no answer within 10 minutes`));
        }, 600_000);
        const onExit = () => {
          clearTimeout(timer);
          reject(new Error(`${server} exited during a command`));
        };
        const onMessage = (message: ChildMessage) => {
          if (message.type !== 'done' || message.id !== id) return;
          clearTimeout(timer);
          proc.off('message', onMessage);
          proc.off('exit', onExit);
          resolve(message);
        };
        proc.on('message', onMessage);
        proc.once('exit', onExit);
        proc.send({ ...command, id });
      });
    },
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        // SIGINT lets a `--cpu-prof` child write its profile.
        proc.kill('SIGINT');
        const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

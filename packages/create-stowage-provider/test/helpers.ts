import { spawn } from 'node:child_process';

/** What a finished command printed and how it exited. */
export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `command` without a shell and collects its output; never rejects on a non-zero exit. */
export function runCommand(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = childEnv()): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * This process's environment for a child, minus what would make a nested vitest think it runs inside
 * ours, and with corepack told never to prompt.
 */
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { COREPACK_ENABLE_DOWNLOAD_PROMPT: '0' };
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(VITEST|TEST$|NODE_OPTIONS$)/.test(name)) env[name] = value;
  }
  return { ...env, ...extra };
}

/**
 * How to run pnpm: the very pnpm running this test when there is one (`npm_execpath`), so the version
 * matches the repository's; otherwise `pnpm` from the PATH.
 */
export function pnpmCommand(): { command: string; prefix: string[] } {
  const execPath = process.env.npm_execpath;
  if (execPath !== undefined && /pnpm(\.c?js)?$/.test(execPath)) {
    return /\.c?js$/.test(execPath) ? { command: process.execPath, prefix: [execPath] } : { command: execPath, prefix: [] };
  }
  return { command: 'pnpm', prefix: [] };
}

/** Runs pnpm with `args` in `cwd`. */
export function pnpm(args: readonly string[], cwd: string): Promise<CommandResult> {
  const { command, prefix } = pnpmCommand();
  return runCommand(command, [...prefix, ...args], cwd);
}

/** Throws with the command's output when it failed. */
export function expectSuccess(what: string, result: CommandResult): CommandResult {
  if (result.code !== 0) throw new Error(`${what} exited with ${result.code}\n--- stdout\n${result.stdout.slice(-6000)}\n--- stderr\n${result.stderr.slice(-6000)}`);
  return result;
}

import { spawn } from 'node:child_process';

/** What a finished command printed and how it exited. */
export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Options of {@link runCommand}. */
export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Kills the command (SIGKILL) after this long; its result then has `code: null`. @default 10 minutes */
  timeoutMs?: number;
}

/** Runs `command` without a shell and collects its output; never rejects on a non-zero exit. */
export function runCommand(command: string, args: readonly string[], options: RunOptions): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 600_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * This process's environment for a child: without what would make a nested vitest think it runs inside
 * ours, nor what pnpm sets for the script running us (a child npm would take `npm_package_*` and
 * `npm_lifecycle_*` as its own, and warns about pnpm-only settings), with `extra` on top.
 */
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  // No colours: the tests match the children's output as text.
  const env: NodeJS.ProcessEnv = { COREPACK_ENABLE_DOWNLOAD_PROMPT: '0', NO_COLOR: '1' };
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(VITEST|TEST$|NODE_OPTIONS$|FORCE_COLOR$)/.test(name)) continue;
    // pnpm's own settings, which npm does not know (and warns about, then will refuse).
    if (/^(npm_package_|npm_lifecycle_|npm_command$|npm_execpath$|npm_node_execpath$|npm_config_(user_agent|verify_deps_before_run|npm_globalconfig|_jsr_registry)$|pnpm_config_|PNPM_PACKAGE_NAME$|PNPM_SCRIPT_SRC_DIR$|INIT_CWD$)/i.test(name)) continue;
    env[name] = value;
  }
  return { ...env, ...extra };
}

/** Throws with the end of the command's output when it did not exit 0. */
export function expectSuccess(what: string, result: CommandResult): CommandResult {
  if (result.code !== 0) {
    throw new Error(`${what} exited with ${result.code}\n--- stdout\n${result.stdout.slice(-6000)}\n--- stderr\n${result.stderr.slice(-6000)}`);
  }
  return result;
}

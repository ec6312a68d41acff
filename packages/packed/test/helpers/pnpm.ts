import { childEnv, runCommand, type CommandResult } from './run-command.js';

/**
 * How to run pnpm: the very pnpm running this test when there is one (`npm_execpath`), so its version is
 * the repository's `packageManager`; else `pnpm` from the PATH (corepack's shim reads the same field).
 * Read once, before child environments drop `npm_execpath`.
 */
const execPath = process.env.npm_execpath;
const pnpmCommand: { command: string; prefix: string[] } =
  execPath !== undefined && /pnpm(\.c?js)?$/.test(execPath)
    ? /\.c?js$/.test(execPath)
      ? { command: process.execPath, prefix: [execPath] }
      : { command: execPath, prefix: [] }
    : { command: 'pnpm', prefix: [] };

/** Runs pnpm with `args` in `cwd`. */
export function pnpm(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = childEnv()): Promise<CommandResult> {
  return runCommand(pnpmCommand.command, [...pnpmCommand.prefix, ...args], { cwd, env });
}

/** Where a command reads and writes: the real process in the binary, buffers in tests. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** The directory relative paths and package names resolve from. */
  cwd: string;
  /** The environment (`STOWAGE_CONTRACT_SKIP`, variables an options file refers to). */
  env: Readonly<Record<string, string | undefined>>;
}

/** One subcommand: `stowage <name> …`. Returns the process exit code. */
export interface Command {
  /** The subcommand's name. */
  name: string;
  /** One line for `stowage --help`. */
  summary: string;
  run(argv: readonly string[], io: Io): Promise<number>;
}

/** Exit codes shared by every command. */
export const EXIT = {
  /** Done; for `contract`, every clause that ran passed. */
  ok: 0,
  /** The command ran and found a failure (a declared clause failed). */
  failed: 1,
  /** Bad usage, or something needed could not be loaded or read. */
  usage: 2,
} as const;

/** A problem to report as one line and exit with `code` (no stack trace). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code: number = EXIT.usage,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

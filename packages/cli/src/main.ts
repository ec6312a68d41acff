import { readFileSync } from 'node:fs';
import { contractCommand } from './commands/contract.js';
import { serveCommand } from './commands/serve.js';
import { CliError, EXIT, type Command, type Io } from './io.js';

/** Every subcommand, by name. A new one is a file in `commands/` and a line here. */
export const COMMANDS: readonly Command[] = [contractCommand, serveCommand];

function usage(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return [
    'Usage: stowage <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Run `stowage <command> --help` for its options.',
  ].join('\n');
}

/**
 * The `stowage` binary: dispatches `argv` (without `node` and the script) to a subcommand and returns the
 * exit code. Errors meant for the user ({@link CliError}) print as one line; anything else is a bug and
 * prints with its stack.
 */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(`${usage()}\n`);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${ownVersion()}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (command === undefined) {
    io.stderr(`Unknown command "${name}".\n\n${usage()}\n`);
    return EXIT.usage;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr(`stowage ${command.name}: ${error.message}\n`);
      return error.code;
    }
    throw error;
  }
}

function ownVersion(): string {
  return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

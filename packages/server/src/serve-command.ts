import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isStowageError } from '@stowage/core';
import { loadConfig } from './config/load-config.js';
import { ENV_OVERRIDES } from './config/env.js';
import { startServer } from './server.js';
import { VERSION } from './version.js';

const HELP = `Usage: stowage serve [options]

Starts the Stowage upload server. With no configuration at all it stores files with the local provider
in ./uploads, keeps file records in SQLite (./stowage.db) and listens on port 1337.

Options:
  -c, --config <file>  stowage.config.ts, .js or .json (default: the first found in the working directory)
  -p, --port <port>    the port to listen on (overrides the file and the environment)
      --host <host>    the interface to listen on
      --cwd <dir>      the working directory (configuration, ./uploads, ./stowage.db)
  -h, --help           this help
  -v, --version        the version

Environment overrides:
${Object.entries(ENV_OVERRIDES)
  .map(([name, what]) => `  ${name.padEnd(26)}${what}`)
  .join('\n')}
`;

/**
 * `stowage serve`: parses `argv` (the arguments after `serve`, or with `serve` first), starts the server and
 * resolves the exit code once it has shut down (SIGTERM/SIGINT finish the requests in flight first).
 * Used by the `stowage-server` bin and by `@stowage/cli`'s `stowage serve`.
 */
export async function serveCommand(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        config: { type: 'string', short: 'c' },
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        cwd: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    process.stderr.write(`stowage: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.version) {
    process.stdout.write(`stowage ${VERSION}\n`);
    return 0;
  }
  const command = positionals[0] ?? 'serve';
  if (values.help || command === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  if (command !== 'serve') {
    process.stderr.write(`stowage: unknown command "${command}"\n\n${HELP}`);
    return 2;
  }
  if (values.port !== undefined && !/^\d+$/.test(values.port)) {
    process.stderr.write('stowage: invalid --port: expected a whole number\n');
    return 2;
  }
  if (values.cwd !== undefined) process.chdir(resolve(values.cwd));
  try {
    const { config } = await loadConfig({
      ...(values.config === undefined ? {} : { configPath: values.config }),
      overrides: { ...(values.port === undefined ? {} : { port: Number(values.port) }), ...(values.host === undefined ? {} : { host: values.host }) },
    });
    const running = await startServer({ config });
    await new Promise<void>((done) => {
      const stop = (signal: string) => {
        running.handler.context.logger.info({ signal }, 'shutting down: finishing requests in flight');
        running.close().then(done, done);
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    });
    return 0;
  } catch (error) {
    process.stderr.write(`stowage: ${isStowageError(error) ? error.message : (error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}


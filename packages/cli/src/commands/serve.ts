import { CliError, type Command } from '../io.js';

const USAGE = `Usage: stowage serve [--config <file>] [--port <port>] [--host <host>] [--cwd <dir>]

Starts the Stowage upload server (@stowage/server, installed beside this CLI). With no configuration at all
it stores files with the local provider in ./uploads, keeps file records in SQLite (./stowage.db) and
listens on port 1337. \`stowage serve --help\` prints the server's own options.`;

interface ServerModule {
  serveCommand(argv: readonly string[]): Promise<number>;
}

/**
 * `stowage serve`: hands over to `@stowage/server`, an optional peer of this CLI so that provider authors
 * running `stowage contract` in CI never install a database driver.
 */
export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the upload server (needs @stowage/server)',
  async run(argv) {
    let server: ServerModule;
    try {
      // Through a variable: an optional peer, so neither the typecheck nor the bundler should follow it.
      const specifier = '@stowage/server';
      server = (await import(specifier)) as ServerModule;
    } catch (error) {
      if ((error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw error;
      throw new CliError(`needs @stowage/server: install it beside @stowage/cli (npm i @stowage/server)\n\n${USAGE}`);
    }
    return server.serveCommand(argv);
  },
};

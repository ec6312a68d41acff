#!/usr/bin/env node
import { serveCommand } from './serve-command.js';

serveCommand(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`stowage: ${String(error)}\n`);
    process.exit(1);
  },
);

import { terminalAsk } from './prompt.js';
import { run } from './run.js';

// Prompts only on a terminal: in CI or a pipe, missing answers are errors, never a hang.
const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
const terminal = interactive ? terminalAsk() : undefined;
try {
  process.exitCode = await run(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    ...(terminal === undefined ? {} : { ask: terminal.ask }),
  });
} catch (error) {
  process.stderr.write(`create-stowage-provider failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  terminal?.close();
}

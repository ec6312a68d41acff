import { main } from './main.js';

let code: number;
try {
  code = await main(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
  });
} catch (error) {
  process.stderr.write(`stowage: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  code = 2;
}
// A provider without `close` may leave sockets open (keep-alive agents, pools) that would keep a CI job
// waiting: exit explicitly, once everything written has been handed to the OS.
await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
await new Promise<void>((resolve) => process.stderr.write('', () => resolve()));
process.exit(code);

// Reads the output of the vitest runs (stdin) and prints one closing line over all of them:
// "N passed, N failed, N skipped". Exits non-zero when no test ran at all.
import { readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
for (const raw of readFileSync(0, 'utf8').split('\n')) {
  // Drop colours and turbo's "<package>:test: " prefix; keep vitest's "Tests  3 passed | 1 skipped (4)".
  const line = raw.replace(/\x1b\[[0-9;]*m/g, '').replace(/^\S+:test:\s*/, '').trim();
  if (!line.startsWith('Tests ')) continue;
  passed += Number(/(\d+) passed/.exec(line)?.[1] ?? 0);
  failed += Number(/(\d+) failed/.exec(line)?.[1] ?? 0);
  skipped += Number(/(\d+) skipped/.exec(line)?.[1] ?? 0);
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
if (passed + failed === 0) process.exitCode = 1;

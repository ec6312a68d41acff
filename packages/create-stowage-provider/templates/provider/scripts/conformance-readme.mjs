// Copies the contract kit's reports (conformance/*.md) into the README, between the conformance markers.
// Run by `pnpm test` after vitest, so the README always shows the last full run.
import { readdir, readFile, writeFile } from 'node:fs/promises';

const START = '<!-- conformance:start -->';
const END = '<!-- conformance:end -->';

const files = (await readdir('conformance').catch(() => [])).filter((name) => name.endsWith('.md')).sort();
const tables = [];
for (const name of files) {
  // Drop the report's own "# Conformance" heading: the README has its section heading.
  const text = (await readFile(`conformance/${name}`, 'utf8')).replace(/^# .*\n+/, '').trim();
  tables.push(text);
}
const readme = await readFile('README.md', 'utf8');
const start = readme.indexOf(START);
const end = readme.indexOf(END);
if (start === -1 || end < start) {
  console.error(`README.md has no ${START} … ${END} block; conformance table not updated.`);
  process.exit(1);
}
const body = tables.length === 0 ? '_No report yet: run `pnpm test`._' : tables.join('\n\n');
const next = `${readme.slice(0, start + START.length)}\n${body}\n${readme.slice(end)}`;
if (next !== readme) await writeFile('README.md', next);

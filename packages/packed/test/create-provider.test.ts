import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { npmEnv } from './setup/scratch.js';
import { expectSuccess, runCommand } from './helpers/run-command.js';

const tarball = (name: string): string => {
  const path = inject('tarballs')[name];
  if (path === undefined) throw new Error(`no tarball of ${name}`);
  return path;
};

let pkg: string;

beforeAll(async () => {
  const work = inject('work');
  pkg = join(work, 'generated', 'my-backend');
  // What `npm create stowage-provider` runs (npm exec of the create- package), from the packed scaffolder.
  // @stowage/core is not on the registry yet: --core points the generated package at the packed one.
  const args = ['exec', '--yes', `--package=${tarball('create-stowage-provider')}`, '--', 'create-stowage-provider', 'my-backend', '--dir', pkg, '--core', `file:${tarball('@stowage/core')}`, '--yes'];
  expectSuccess('npm exec create-stowage-provider', await runCommand('npm', args, { cwd: work, env: npmEnv() }));
  expectSuccess('npm install (generated package)', await runCommand('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: pkg, env: npmEnv() }));
});

describe('npm create stowage-provider, from the packed scaffolder', () => {
  it('generates a provider package that installs with npm and passes the contract kit of the packed core', async () => {
    const manifest = JSON.parse(await readFile(join(pkg, 'package.json'), 'utf8')) as { name: string; dependencies: Record<string, string> };
    expect(manifest.name).toBe('stowage-provider-upload-my-backend');
    expect(manifest.dependencies['@stowage/core']).toBe(`file:${tarball('@stowage/core')}`);
    // The verbose reporter names each clause, so the output shows them passing.
    const run = await runCommand('npx', ['--no-install', 'vitest', 'run', '--reporter=verbose'], { cwd: pkg, env: npmEnv(), timeoutMs: 280_000 });
    expect(run.code, `${run.stdout.slice(-4000)}\n${run.stderr.slice(-4000)}`).toBe(0);
    // Colours off through NO_COLOR; stripped anyway in case a terminal setting forces them.
    const output = run.stdout.replace(/\u001b\[[0-9;]*m/g, '');
    for (const clause of ['upload.roundtrip.1b', 'upload.roundtrip.12mib', 'upload.abort.signal', 'keys.traversal', 'list.pagination', 'copy.roundtrip']) {
      expect(output).toMatch(new RegExp(`✓ test/contract\\.test\\.ts > .* > ${clause.replace(/\./g, '\\.')} `));
    }
    // Vitest's summary: only passed (and the skipped clauses of capabilities the template does not declare).
    expect(output).toMatch(/Tests\s+\d+ passed( \| \d+ skipped)? \(\d+\)/);
    expect(output).not.toMatch(/×|FAIL/);
  });
});

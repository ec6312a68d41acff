import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadProviderDefinition } from '@stowage/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/run.js';
import { expectSuccess, pnpm, runCommand, childEnv } from './helpers.js';

/**
 * The promise of the scaffolder, end to end: a generated package installs, typechecks, builds and passes
 * the contract kit before its author changes a line. @stowage/core is not published yet, so the package
 * depends on a tarball of the workspace's core, built with tsup and packed with pnpm like a release.
 */
const coreDir = fileURLToPath(new URL('../../core/', import.meta.url));
let work: string;
let pkg: string;

async function packCore(): Promise<string> {
  const staging = join(work, 'core');
  const tsup = fileURLToPath(new URL('../../../node_modules/.bin/tsup', import.meta.url));
  expectSuccess('tsup (core)', await runCommand(tsup, ['--out-dir', join(staging, 'dist')], coreDir, childEnv()));
  const manifest = JSON.parse(await readFile(join(coreDir, 'package.json'), 'utf8')) as Record<string, unknown>;
  delete manifest.devDependencies;
  delete manifest.scripts;
  await writeFile(join(staging, 'package.json'), JSON.stringify(manifest, null, 2));
  const packed = expectSuccess('pnpm pack (core)', await pnpm(['pack', '--pack-destination', work], staging));
  const tarball = /(\S+\.tgz)\s*$/.exec(packed.stdout.trim())?.[1];
  if (tarball === undefined) throw new Error(`pnpm pack printed no tarball:\n${packed.stdout}`);
  return tarball;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'create-stowage-provider-e2e-'));
  const tarball = await packCore();
  pkg = join(work, 'pkg');
  const output: string[] = [];
  const code = await run(['demo-store', '--scope', 'acme', '--dir', pkg, '--core', `file:${tarball}`, '--yes'], {
    stdout: (text) => output.push(text),
    stderr: (text) => output.push(text),
    cwd: work,
  });
  if (code !== 0) throw new Error(`scaffold failed: ${output.join('')}`);
  expectSuccess('pnpm install', await pnpm(['install', '--prefer-offline'], pkg));
});

afterAll(async () => {
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

describe('a generated provider package', () => {
  it('passes its own tests, the contract kit included, and writes the conformance report', async () => {
    const result = expectSuccess('pnpm test', await pnpm(['test'], pkg));
    expect(result.stdout).toContain('0 failed');
    const report = JSON.parse(await readFile(join(pkg, 'conformance', 'demo-store.json'), 'utf8')) as {
      provider: string;
      capabilities: string[];
      clauses: { id: string; status: string; note?: string }[];
      totals: { passed: number; failed: number; skipped: number };
    };
    expect(report.provider).toBe('demo-store');
    expect(report.capabilities).toEqual(['read', 'stat', 'copy', 'list', 'exists', 'check']);
    expect(report.totals.failed).toBe(0);
    // Every clause runs except those of capabilities it does not declare.
    const skipped = report.clauses.filter((clause) => clause.status === 'skipped');
    expect(skipped.every((clause) => /^(signed(Url|Upload)|resumable)\./.test(clause.id) && /does not declare/.test(clause.note ?? ''))).toBe(true);
    for (const id of ['upload.abort.signal', 'upload.abort.source-error', 'upload.memory', 'keys.traversal', 'list.pagination', 'copy.roundtrip']) {
      expect(report.clauses.find((clause) => clause.id === id)?.status, id).toBe('passed');
    }
    const readme = await readFile(join(pkg, 'README.md'), 'utf8');
    expect(readme).toContain('| `upload.roundtrip.12mib`');
    expect(readme).not.toContain('No report yet');
  });

  it('typechecks', async () => {
    expectSuccess('pnpm typecheck', await pnpm(['typecheck'], pkg));
  });

  it('builds, and the build loads through core’s loader with a manifest matching its definition', async () => {
    expectSuccess('pnpm build', await pnpm(['build'], pkg));
    const definition = await loadProviderDefinition(pkg);
    expect(definition.name).toBe('demo-store');
    expect([...definition.capabilities].sort()).toEqual(['check', 'copy', 'exists', 'list', 'read', 'stat']);
  });

  it('is named by the convention and carries a changeset', async () => {
    const manifest = JSON.parse(await readFile(join(pkg, 'package.json'), 'utf8')) as { name: string; stowage: unknown };
    expect(manifest.name).toBe('@acme/stowage-provider-upload-demo-store');
    expect(manifest.stowage).toEqual({ provider: 'demo-store', capabilities: ['read', 'stat', 'copy', 'list', 'exists', 'check'] });
    expect(await readFile(join(pkg, '.changeset', 'first-release.md'), 'utf8')).toContain('"@acme/stowage-provider-upload-demo-store": minor');
  });

  // Last: it bumps the generated package's version.
  it('releases through changesets: the first-release changeset bumps it to 0.1.0 with a changelog', async () => {
    expectSuccess('pnpm version-packages', await pnpm(['version-packages'], pkg));
    const manifest = JSON.parse(await readFile(join(pkg, 'package.json'), 'utf8')) as { version: string };
    expect(manifest.version).toBe('0.1.0');
    expect(await readFile(join(pkg, 'CHANGELOG.md'), 'utf8')).toContain('First release of the demo-store provider for Stowage.');
  });
});

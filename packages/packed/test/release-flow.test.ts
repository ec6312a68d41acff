import { cp, mkdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { bumped, pendingChangesets, requestedBumps } from './helpers/changesets.js';
import { pnpm } from './helpers/pnpm.js';
import { childEnv, expectSuccess, runCommand } from './helpers/run-command.js';
import { publicPackages, repoRoot, type Manifest } from './helpers/workspace.js';

/**
 * The release as CI would run it, in a copy of the committed tree (HEAD, so uncommitted work does not
 * count): `changeset version`, then `pnpm -r publish --dry-run`. pnpm's publish reads each workspace
 * dependency's version from the package's node_modules, so the copy needs its own install: offline from
 * the store the workspace was installed from (about 10 s), without install scripts (nothing is built)
 * and without optional dependencies: the store holds those of the Node that installed the workspace, and
 * this test also runs on another Node, whose engines would ask for others (re2 on Node 22 and later).
 */
let copy: string;
const before = publicPackages();

beforeAll(async () => {
  copy = join(inject('work'), 'release');
  await mkdir(copy);
  const archive = join(inject('work'), 'head.tar');
  expectSuccess('git archive', await runCommand('git', ['archive', '--format=tar', '-o', archive, 'HEAD'], { cwd: repoRoot }));
  expectSuccess('tar -x', await runCommand('tar', ['-xf', archive, '-C', copy], { cwd: copy }));
  expectSuccess('pnpm install --offline', await pnpm(['install', '--offline', '--frozen-lockfile', '--ignore-scripts', '--no-optional'], copy));
});

describe('the release flow, in a copy of HEAD', () => {
  it('versions every package as the pending changesets say, consuming them, then publishes all public packages (dry run)', async () => {
    const bumps = await requestedBumps(copy);
    expect(bumps.size, 'no pending changesets: nothing to release').toBeGreaterThan(0);
    expectSuccess('pnpm changeset version', await pnpm(['changeset', 'version'], copy));
    expect(await pendingChangesets(copy)).toEqual([]);

    const expected: Record<string, string> = {};
    const actual: Record<string, string> = {};
    for (const { dir, manifest } of before) {
      const inCopy = join(copy, relative(repoRoot, dir));
      const next = JSON.parse(await readFile(join(inCopy, 'package.json'), 'utf8')) as Manifest;
      const bump = bumps.get(manifest.name);
      actual[manifest.name] = next.version;
      expected[manifest.name] = bump === undefined ? next.version : bumped(manifest.version, bump);
      if (bump !== undefined) expect(existsSync(join(inCopy, 'CHANGELOG.md')), `${manifest.name} CHANGELOG.md`).toBe(true);
      // The tarballs need the build; the copy reuses the workspace's (its sources are the same commit's).
      await cp(join(dir, 'dist'), join(inCopy, 'dist'), { recursive: true });
    }
    // Compared whole, so a surprise (a dependent bumped further than its changesets say) shows every package.
    expect(actual).toEqual(expected);

    const published = expectSuccess('pnpm -r publish --dry-run', await pnpm(['-r', 'publish', '--dry-run', '--no-git-checks'], copy, childEnv({ npm_config_update_notifier: 'false' })));
    const output = published.stdout + published.stderr;
    for (const [name, version] of Object.entries(actual)) expect(output).toContain(`+ ${name}@${version}`);
  });
});

import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pnpm } from '../helpers/pnpm.js';
import { expectSuccess } from '../helpers/run-command.js';
import { publicPackages, repoRoot } from '../helpers/workspace.js';

/**
 * Packs every public package with `pnpm pack`, as `pnpm publish` would (`workspace:^` ranges become
 * real versions), into `destination`. Answers each package name's tarball path.
 * @throws when a package has not been built: the tarballs would lack dist/ and every test would fail obscurely.
 */
export async function packPublicPackages(destination: string): Promise<Record<string, string>> {
  const packages = publicPackages();
  const unbuilt = packages.filter(({ dir }) => !existsSync(join(dir, 'dist')));
  if (unbuilt.length > 0) {
    const names = unbuilt.map(({ dir }) => relative(repoRoot, dir)).join(', ');
    throw new Error(`@stowage/packed-test packs the built packages, and ${names} have no dist/: run \`pnpm build\` at the repository root first`);
  }
  const tarballs: Record<string, string> = {};
  // One at a time: pnpm pack is quick, and parallel runs would fight over the two cores with npm's install.
  for (const { dir, manifest } of packages) {
    const packed = expectSuccess(`pnpm pack (${manifest.name})`, await pnpm(['pack', '--pack-destination', destination], dir));
    // pnpm prints the tarball's path last.
    const tarball = /(\S+\.tgz)\s*$/.exec(packed.stdout.trim())?.[1];
    if (tarball === undefined || !existsSync(tarball)) throw new Error(`pnpm pack (${manifest.name}) printed no tarball:\n${packed.stdout}`);
    tarballs[manifest.name] = tarball;
  }
  return tarballs;
}

import { mkdir, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { expectSuccess, runCommand } from './run-command.js';

/** Unpacks an npm tarball into `dest` and answers the package root (npm tarballs hold one `package/` folder). */
export async function extractTarball(tarball: string, dest: string): Promise<string> {
  await mkdir(dest, { recursive: true });
  expectSuccess(`tar -xzf ${tarball}`, await runCommand('tar', ['-xzf', tarball, '-C', dest], { cwd: dest }));
  return join(dest, 'package');
}

/** Every file under `root`, as POSIX paths relative to it, sorted. */
export async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .sort();
}

/** Every `types` target of a manifest: the top-level field and each `types` condition under `exports`. */
export function typesTargets(manifest: { types?: string; exports?: unknown }): string[] {
  const found = manifest.types === undefined ? [] : [manifest.types];
  const walk = (value: unknown): void => {
    if (typeof value !== 'object' || value === null) return;
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'types' && typeof inner === 'string') found.push(inner);
      else walk(inner);
    }
  };
  walk(manifest.exports);
  return [...new Set(found)];
}

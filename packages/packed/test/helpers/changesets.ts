import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

type Bump = 'patch' | 'minor' | 'major';
const ORDER: readonly Bump[] = ['patch', 'minor', 'major'];

/** The pending changesets of a repository (`.changeset/*.md` but the README), by file name. */
export async function pendingChangesets(root: string): Promise<string[]> {
  return (await readdir(join(root, '.changeset'))).filter((file) => file.endsWith('.md') && file !== 'README.md').sort();
}

/** The largest bump the pending changesets ask for, per package name (their front matter: `"name": minor`). */
export async function requestedBumps(root: string): Promise<Map<string, Bump>> {
  const bumps = new Map<string, Bump>();
  for (const file of await pendingChangesets(root)) {
    const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(await readFile(join(root, '.changeset', file), 'utf8'))?.[1] ?? '';
    for (const match of front.matchAll(/^\s*["']?([^"':\s]+)["']?\s*:\s*(patch|minor|major)\s*$/gm)) {
      const [, name, bump] = match as unknown as [string, string, Bump];
      const previous = bumps.get(name);
      if (previous === undefined || ORDER.indexOf(bump) > ORDER.indexOf(previous)) bumps.set(name, bump);
    }
  }
  return bumps;
}

/** `version` bumped by `bump`, semver style (no pre-release handling: the repository uses none). */
export function bumped(version: string, bump: Bump): string {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map(Number);
  if (bump === 'major') return `${major + 1}.0.0`;
  if (bump === 'minor') return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

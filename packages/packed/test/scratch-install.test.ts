import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';

interface Lockfile {
  packages: Record<string, { version?: string; resolved?: string }>;
}

describe('the scratch project (one npm install of every tarball)', () => {
  it('resolves every copy of a Stowage package in the tree to its tarball, never to the registry', async () => {
    const tarballs = inject('tarballs');
    const lock = JSON.parse(await readFile(join(inject('scratch'), 'package-lock.json'), 'utf8')) as Lockfile;
    const copies = Object.entries(lock.packages).filter(([path]) => Object.keys(tarballs).some((name) => path.endsWith(`node_modules/${name}`)));
    // One copy each, at the top: the 0.0.0 ranges between them (`workspace:^` packed) deduplicate.
    expect(copies.map(([path]) => path).sort()).toEqual(Object.keys(tarballs).map((name) => `node_modules/${name}`).sort());
    for (const [path, entry] of copies) expect(entry.resolved, path).toMatch(/^file:.*\.tgz$/);
  });

  it('has the pinned third-party packages', async () => {
    const lock = JSON.parse(await readFile(join(inject('scratch'), 'package-lock.json'), 'utf8')) as Lockfile;
    expect(lock.packages['node_modules/@strapi/provider-upload-local']?.version).toBe('5.54.0');
  });
});

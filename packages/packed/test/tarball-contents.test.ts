import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { sourceMapProblems } from './helpers/source-maps.js';
import { extractTarball, listFiles, typesTargets } from './helpers/tarball.js';
import type { Manifest } from './helpers/workspace.js';

/** Sources a package ships on purpose: the scaffolder copies its templates (tests included) into new packages. */
const SHIPPED_SOURCES: Record<string, RegExp> = { 'create-stowage-provider': /^templates\// };

const TEST_FILE = /(^|\/)(test|tests|__tests__)\/|\.(test|spec)\.[cm]?[jt]sx?$/;
const TS_SOURCE = /\.[cm]?tsx?$/;
const DECLARATION = /\.d\.[cm]?ts$/;

describe.each(Object.entries(inject('tarballs')))('the tarball of %s', (name, tarball) => {
  let root: string;
  let files: string[];
  let manifest: Manifest;
  beforeAll(async () => {
    root = await extractTarball(tarball, join(inject('work'), 'unpacked', name.replace('/', '+')));
    files = await listFiles(root);
    manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as Manifest;
  });
  const shipped = (file: string) => SHIPPED_SOURCES[name]?.test(file) === true;

  it('holds no tests and no TypeScript sources, only built code and declarations', () => {
    expect(files.filter((file) => TEST_FILE.test(file) && !shipped(file))).toEqual([]);
    expect(files.filter((file) => TS_SOURCE.test(file) && !DECLARATION.test(file) && !shipped(file))).toEqual([]);
  });

  it('carries a LICENSE file, a license field and a README', () => {
    expect(files).toContain('LICENSE');
    expect(manifest.license).toBe('MIT');
    expect(files).toContain('README.md');
  });

  it('ships every types target, every bin (as a node script) and no workspace: ranges', async () => {
    const targets = typesTargets(manifest).map((target) => target.replace(/^\.\//, ''));
    expect(targets.length).toBeGreaterThan(0);
    expect(targets.filter((target) => !files.includes(target))).toEqual([]);
    for (const bin of Object.values(manifest.bin ?? {})) {
      expect(files).toContain(bin.replace(/^\.\//, ''));
      expect((await readFile(join(root, bin), 'utf8')).startsWith('#!/usr/bin/env node')).toBe(true);
    }
    const ranges = { ...manifest.dependencies, ...manifest.peerDependencies };
    expect(Object.entries(ranges).filter(([, range]) => range.startsWith('workspace:'))).toEqual([]);
  });

  it('has source maps whose sources stay inside the package and carry their content', async () => {
    const problems = [];
    for (const map of files.filter((file) => file.endsWith('.map'))) problems.push(...(await sourceMapProblems(root, map)));
    expect(problems).toEqual([]);
  });
});

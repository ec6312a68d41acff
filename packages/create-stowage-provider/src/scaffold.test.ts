import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { providerNames } from './names.js';
import { CORE_RANGE, scaffold, substitute, TargetNotEmptyError } from './scaffold.js';

let work: string;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'create-stowage-provider-'));
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

async function walk(dir: string, base = dir): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(path, base)));
    else files.push(path.slice(base.length + 1));
  }
  return files.sort();
}

describe('scaffold', () => {
  it('lays the package out one file per operation, with the dot-files renamed', async () => {
    const dir = join(work, 'out');
    const written = await scaffold({ names: providerNames('vault', 'acme'), dir });
    expect(written).toEqual(await walk(dir));
    for (const file of ['options.ts', 'errors.ts', 'upload.ts', 'delete.ts', 'read.ts', 'stat.ts', 'copy.ts', 'list.ts', 'exists.ts', 'check.ts', 'provider.ts', 'index.ts']) {
      expect(written).toContain(`src/${file}`);
    }
    expect(written).toEqual(expect.arrayContaining(['package.json', '.gitignore', '.changeset/config.json', '.changeset/first-release.md', 'README.md', 'test/contract.test.ts', 'vitest.config.ts', 'tsconfig.json', 'tsup.config.ts', 'pnpm-workspace.yaml']));
    expect(written.some((file) => file.includes('_package') || file.startsWith('_'))).toBe(false);
  });

  it('replaces every placeholder', async () => {
    const dir = join(work, 'out');
    const written = await scaffold({ names: providerNames('vault', 'acme'), dir });
    for (const file of written) expect(await readFile(join(dir, file), 'utf8'), file).not.toMatch(/__[A-Z_]+__/);
    const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as Record<string, any>;
    expect(manifest.name).toBe('@acme/stowage-provider-upload-vault');
    expect(manifest.stowage.provider).toBe('vault');
    expect(manifest.dependencies['@stowage/core']).toBe(CORE_RANGE);
    expect(await readFile(join(dir, 'src/index.ts'), 'utf8')).toContain("name: 'vault'");
    expect(await readFile(join(dir, 'src/provider.ts'), 'utf8')).toContain('export async function createVaultProvider(options: VaultOptions): Promise<VaultProvider>');
  });

  it('declares the same capabilities in the manifest and in provider.ts', async () => {
    const dir = join(work, 'out');
    await scaffold({ names: providerNames('vault'), dir });
    const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { stowage: { capabilities: string[] } };
    const source = await readFile(join(dir, 'src/provider.ts'), 'utf8');
    const declared = /CAPABILITIES = \[([^\]]*)\]/.exec(source)?.[1]?.match(/'([a-zA-Z]+)'/g)?.map((c) => c.slice(1, -1));
    expect(declared).toEqual(manifest.stowage.capabilities);
  });

  it('takes another core spec', async () => {
    const dir = join(work, 'out');
    await scaffold({ names: providerNames('vault'), dir, coreSpec: 'file:../core.tgz' });
    expect(await readFile(join(dir, 'package.json'), 'utf8')).toContain('"@stowage/core": "file:../core.tgz"');
  });

  it('writes into an existing empty directory', async () => {
    const dir = join(work, 'empty');
    await mkdir(dir);
    await expect(scaffold({ names: providerNames('vault'), dir })).resolves.toContain('package.json');
  });

  it('refuses a non-empty directory and writes nothing', async () => {
    const dir = join(work, 'taken');
    await mkdir(dir);
    await writeFile(join(dir, 'keep.txt'), 'mine');
    await expect(scaffold({ names: providerNames('vault'), dir })).rejects.toBeInstanceOf(TargetNotEmptyError);
    expect(await readdir(dir)).toEqual(['keep.txt']);
  });

  it('refuses a path that is a file', async () => {
    const file = join(work, 'file');
    await writeFile(file, 'x');
    await expect(scaffold({ names: providerNames('vault'), dir: file })).rejects.toMatchObject({ code: 'ENOTDIR' });
  });
});

describe('substitute', () => {
  it('replaces tokens inside identifiers and leaves unknown ones', () => {
    expect(substitute('type Parsed__PASCAL_NAME__Options; __OTHER__', { __PASCAL_NAME__: 'Vault' })).toBe('type ParsedVaultOptions; __OTHER__');
  });
});

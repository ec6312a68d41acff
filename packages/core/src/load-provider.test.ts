import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStowageError, type StowageError } from './errors.js';
import { loadProvider, loadProviderDefinition } from './load-provider.js';
import { readManifest } from './manifest.js';
import { COMMUNITY_PREFIX, OFFICIAL_PREFIX, providerCandidates, resolveProvider } from './resolve-provider.js';

type Format = 'esm' | 'cjs' | 'cjs-esmodule';

/** The source of a hand-made provider module (no import of core: it lives outside the workspace). */
function providerSource(name: string, capabilities: string[], format: Format, instanceName = name): string {
  const body = `{
  name: ${JSON.stringify(name)},
  capabilities: ${JSON.stringify(capabilities)},
  async init(options) {
    const instance = { name: ${JSON.stringify(instanceName)}, capabilities: new Set(${JSON.stringify(capabilities)}), options,
      upload: async () => ({}), delete: async () => undefined };
    for (const c of ${JSON.stringify(capabilities)}) instance[c] = async () => undefined;
    if (instance.list) instance.listPage = async () => ({ items: [] });
    return instance;
  },
}`;
  if (format === 'esm') return `export default ${body};\nexport const flavour = 'esm';\n`;
  if (format === 'cjs') return `module.exports = ${body};\n`;
  // What a TypeScript/tsup CommonJS build emits for `export default`.
  return `Object.defineProperty(exports, '__esModule', { value: true });\nexports.default = ${body};\nexports.flavour = 'cjs';\n`;
}

let app: string;

async function write(path: string, text: string): Promise<void> {
  await mkdir(dirname(join(app, path)), { recursive: true });
  await writeFile(join(app, path), text);
}

interface PackageSpec {
  name: string;
  provider?: string;
  capabilities?: string[];
  format?: Format;
  /** The package.json "stowage" block; `false` for none. Defaults to one matching the provider. */
  manifest?: unknown;
  /** Extra package.json fields (exports, main, type). */
  fields?: Record<string, unknown>;
  /** Files to write instead of the default entry. */
  files?: Record<string, string>;
}

async function installPackage(spec: PackageSpec): Promise<void> {
  const provider = spec.provider ?? 'foo';
  const capabilities = spec.capabilities ?? ['read'];
  const format = spec.format ?? 'esm';
  const base = `node_modules/${spec.name}`;
  const manifest = spec.manifest === undefined ? { provider, capabilities } : spec.manifest;
  const pkg: Record<string, unknown> = {
    name: spec.name,
    version: '1.0.0',
    ...(format === 'esm' ? { type: 'module', exports: { '.': { types: './index.d.ts', import: './index.js' } } } : { main: './index.js' }),
    ...spec.fields,
    ...(manifest === false ? {} : { stowage: manifest }),
  };
  await write(`${base}/package.json`, JSON.stringify(pkg, null, 2));
  const files = spec.files ?? { 'index.js': providerSource(provider, capabilities, format) };
  for (const [file, text] of Object.entries(files)) await write(`${base}/${file}`, text);
}

async function rejection(promise: Promise<unknown>): Promise<StowageError> {
  try {
    await promise;
  } catch (error) {
    if (isStowageError(error)) return error;
    throw error;
  }
  throw new Error('expected a StowageError');
}

beforeAll(async () => {
  app = await mkdtemp(join(tmpdir(), 'stowage-loader-'));
  await write('package.json', JSON.stringify({ name: 'the-app', private: true }));
  // Short name "foo": official only (ESM, import-only exports). "bar": community only (CommonJS).
  await installPackage({ name: '@stowage/provider-upload-foo', provider: 'foo', capabilities: ['read', 'stat'] });
  await installPackage({ name: 'stowage-provider-upload-bar', provider: 'bar', capabilities: ['list'], format: 'cjs' });
  // "both": official and community installed; the official one must win.
  await installPackage({ name: '@stowage/provider-upload-both', provider: 'both' });
  await installPackage({ name: 'stowage-provider-upload-both', provider: 'both', capabilities: ['copy'] });
  // A scoped community package, reachable only by its full name.
  await installPackage({ name: '@acme/stowage-provider-upload-baz', provider: 'baz', capabilities: [] });
  // A tsup-style CommonJS build (exports.default + __esModule).
  await installPackage({ name: 'stowage-provider-upload-tsup-cjs', provider: 'tsup-cjs', format: 'cjs-esmodule' });
  // A dual package: import must pick the ESM build.
  await installPackage({
    name: 'stowage-provider-upload-dual',
    provider: 'dual',
    format: 'cjs',
    fields: { exports: { '.': { import: './index.mjs', require: './index.js' } } },
    files: { 'index.mjs': providerSource('dual', ['read'], 'esm'), 'index.js': providerSource('dual', ['read'], 'cjs') },
  });
  // A package that only offers CommonJS through exports.
  await installPackage({
    name: 'stowage-provider-upload-require-only',
    provider: 'require-only',
    format: 'cjs',
    fields: { exports: { '.': { require: './lib/main.js' } } },
    files: { 'lib/main.js': providerSource('require-only', ['read'], 'cjs') },
  });
  // Packages that are not right.
  await installPackage({ name: 'stowage-provider-upload-notprovider', files: { 'index.js': 'export default { hello: "world" };\n' } });
  await installPackage({ name: 'stowage-provider-upload-named-only', files: { 'index.js': 'export const provider = 1;\n' } });
  await installPackage({ name: 'stowage-provider-upload-wrongname', provider: 'wrongname', manifest: { provider: 'other', capabilities: ['read'] } });
  await installPackage({ name: 'stowage-provider-upload-wrongcaps', provider: 'wrongcaps', manifest: { provider: 'wrongcaps', capabilities: ['read', 'copy'] } });
  await installPackage({ name: 'stowage-provider-upload-badcaps', provider: 'badcaps', manifest: { provider: 'badcaps', capabilities: ['read', 'teleport'] } });
  await installPackage({ name: 'stowage-provider-upload-badshape', provider: 'badshape', manifest: { name: 'badshape' } });
  await installPackage({ name: 'stowage-provider-upload-nullmanifest', provider: 'nullmanifest', manifest: null });
  await installPackage({ name: 'stowage-provider-upload-nomanifest', provider: 'nomanifest', manifest: false });
  await installPackage({ name: 'stowage-provider-upload-throws', files: { 'index.js': 'throw new Error("boom at load");\n' } });
  await installPackage({ name: 'stowage-provider-upload-badinstance', provider: 'badinstance', files: { 'index.js': providerSource('badinstance', ['read'], 'esm', 'impostor') } });
  await installPackage({ name: 'stowage-provider-upload-badname', provider: 'Bad_Name', manifest: false });
  // Local paths: a file, a CommonJS file, a directory package with a manifest, a file in a manifest-less folder.
  await write('providers/local.mjs', providerSource('local-file', ['exists'], 'esm'));
  await write('providers/local.cjs', providerSource('local-cjs', ['exists'], 'cjs'));
  await write('providers/pkg/package.json', JSON.stringify({ name: 'local-pkg', main: 'main.js', stowage: { provider: 'local-pkg', capabilities: ['check'] } }));
  await write('providers/pkg/main.js', providerSource('local-pkg', ['check'], 'cjs'));
  // A directory package with only an ESM `exports` entry and no `main`.
  await write('providers/esm-pkg/package.json', JSON.stringify({ name: 'esm-pkg', type: 'module', exports: { '.': { import: './dist/index.js' } }, stowage: { provider: 'esm-pkg', capabilities: ['check'] } }));
  await write('providers/esm-pkg/dist/index.js', providerSource('esm-pkg', ['check'], 'esm'));
});

afterAll(async () => {
  await rm(app, { recursive: true, force: true });
});

describe('providerCandidates', () => {
  it.each<[string, string[]]>([
    ['foo', [`${OFFICIAL_PREFIX}foo`, `${COMMUNITY_PREFIX}foo`]],
    ['aws-s3', ['@stowage/provider-upload-aws-s3', 'stowage-provider-upload-aws-s3']],
    ['@stowage/provider-upload-foo', ['@stowage/provider-upload-foo']],
    ['stowage-provider-upload-bar', ['stowage-provider-upload-bar']],
    ['@acme/stowage-provider-upload-baz', ['@acme/stowage-provider-upload-baz']],
    ['@acme/anything', ['@acme/anything']],
  ])('%j -> %j', (name, expected) => {
    expect(providerCandidates(name, '/app')).toEqual(expected);
  });

  it('resolves paths against cwd and takes absolute paths as given', () => {
    expect(providerCandidates('./p.js', '/app')).toEqual(['/app/p.js']);
    expect(providerCandidates('../p.js', '/app/sub')).toEqual(['/app/p.js']);
    expect(providerCandidates('/opt/p.js', '/app')).toEqual(['/opt/p.js']);
  });
});

describe('resolveProvider', () => {
  it('finds the official package first for a short name', () => {
    expect(resolveProvider('foo', app)).toMatchObject({ specifier: '@stowage/provider-upload-foo' });
    expect(resolveProvider('both', app)).toMatchObject({ specifier: '@stowage/provider-upload-both' });
  });

  it('falls back to the community package', () => {
    expect(resolveProvider('bar', app)).toMatchObject({ specifier: 'stowage-provider-upload-bar' });
  });

  it('returns every specifier tried when nothing resolves', () => {
    expect(resolveProvider('nope', app)).toEqual({ tried: ['@stowage/provider-upload-nope', 'stowage-provider-upload-nope'] });
    expect(resolveProvider('baz', app)).toEqual({ tried: ['@stowage/provider-upload-baz', 'stowage-provider-upload-baz'] });
  });

  it('resolves an ESM package whose exports only have an import condition', () => {
    const resolved = resolveProvider('foo', app);
    expect('entry' in resolved && resolved.entry.endsWith('index.js')).toBe(true);
  });

  it('prefers the import condition of a dual package', () => {
    const resolved = resolveProvider('dual', app);
    expect('entry' in resolved && resolved.entry.endsWith('index.mjs')).toBe(true);
  });

  it('falls back to require resolution for a require-only package', () => {
    const resolved = resolveProvider('require-only', app);
    expect('entry' in resolved && resolved.entry.endsWith(join('lib', 'main.js'))).toBe(true);
  });

  it('does not find packages outside cwd', async () => {
    const elsewhere = await mkdtemp(join(tmpdir(), 'stowage-empty-'));
    try {
      expect(resolveProvider('foo', elsewhere)).toHaveProperty('tried');
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });
});

describe('loadProviderDefinition and loadProvider', () => {
  it('loads the official ESM package by short name and creates an instance with the options', async () => {
    const definition = await loadProviderDefinition('foo', { cwd: app });
    expect(definition.name).toBe('foo');
    expect(definition.capabilities).toEqual(['read', 'stat']);
    const provider = (await loadProvider('foo', { bucket: 'b' }, { cwd: app })) as unknown as { name: string; options: unknown; capabilities: Set<string> };
    expect(provider.name).toBe('foo');
    expect(provider.options).toEqual({ bucket: 'b' });
    expect([...provider.capabilities]).toEqual(['read', 'stat']);
  });

  it('loads the official package when both are installed', async () => {
    expect((await loadProviderDefinition('both', { cwd: app })).capabilities).toEqual(['read']);
  });

  it('loads a CommonJS community package by short name', async () => {
    expect((await loadProviderDefinition('bar', { cwd: app })).name).toBe('bar');
  });

  it('loads a tsup-style CommonJS build (exports.default)', async () => {
    expect((await loadProviderDefinition('tsup-cjs', { cwd: app })).name).toBe('tsup-cjs');
  });

  it('loads a dual package and a require-only package', async () => {
    expect((await loadProviderDefinition('dual', { cwd: app })).name).toBe('dual');
    expect((await loadProviderDefinition('require-only', { cwd: app })).name).toBe('require-only');
  });

  it('takes full package names as given', async () => {
    expect((await loadProviderDefinition('@acme/stowage-provider-upload-baz', { cwd: app })).name).toBe('baz');
    expect((await loadProviderDefinition('stowage-provider-upload-bar', { cwd: app })).name).toBe('bar');
    expect((await loadProviderDefinition('@stowage/provider-upload-foo', { cwd: app })).name).toBe('foo');
  });

  it('does not find a scoped community package by its short name, and lists every name tried', async () => {
    const error = await rejection(loadProviderDefinition('baz', { cwd: app }));
    expect(error.code).toBe('INVALID_OPTIONS');
    expect(error.message).toBe('Provider "baz" not found; tried "@stowage/provider-upload-baz", "stowage-provider-upload-baz". Install it: npm install @stowage/provider-upload-baz');
  });

  it('lists the one name tried for a full name and the path tried for a path', async () => {
    expect((await rejection(loadProviderDefinition('@acme/stowage-provider-upload-nope', { cwd: app }))).message).toContain(
      'tried "@acme/stowage-provider-upload-nope"',
    );
    expect((await rejection(loadProviderDefinition('./providers/missing.mjs', { cwd: app }))).message).toContain(
      `tried "${join(app, 'providers/missing.mjs')}". Check the path.`,
    );
  });

  it('loads local paths: relative to cwd, absolute, CommonJS, and a directory package with its manifest', async () => {
    expect((await loadProviderDefinition('./providers/local.mjs', { cwd: app })).name).toBe('local-file');
    expect((await loadProviderDefinition(join(app, 'providers/local.mjs'), { cwd: '/' })).name).toBe('local-file');
    expect((await loadProviderDefinition('./providers/local.cjs', { cwd: app })).name).toBe('local-cjs');
    expect((await loadProviderDefinition('./providers/pkg', { cwd: app })).name).toBe('local-pkg');
    expect((await loadProviderDefinition('./providers/esm-pkg', { cwd: app })).name).toBe('esm-pkg');
  });

  it('loads a package without a manifest', async () => {
    expect((await loadProviderDefinition('nomanifest', { cwd: app })).name).toBe('nomanifest');
  });

  it.each<[string, RegExp]>([
    ['notprovider', /"stowage-provider-upload-notprovider" is not a Stowage provider: its default export must come from defineProvider/],
    ['named-only', /is not a Stowage provider/],
    ['wrongname', /stowage-provider-upload-wrongname: package.json declares provider "other" but the package defines "wrongname"/],
    ['wrongcaps', /stowage-provider-upload-wrongcaps: package.json declares capabilities \[copy,read\] but the provider defines \[read\]/],
    ['badcaps', /"stowage.capabilities" lists unknown capabilities: teleport/],
    ['badshape', /"stowage" must be \{ "provider": string, "capabilities": string\[\] \}/],
    ['nullmanifest', /"stowage" must be/],
    ['throws', /Provider "stowage-provider-upload-throws" failed to load: boom at load/],
    ['badname', /name must be lower-case/],
  ])('refuses %s with INVALID_OPTIONS', async (name, message) => {
    const error = await rejection(loadProviderDefinition(name, { cwd: app }));
    expect(error.code).toBe('INVALID_OPTIONS');
    expect(error.message).toMatch(message);
  });

  it('keeps the load error as cause', async () => {
    const error = await rejection(loadProviderDefinition('throws', { cwd: app }));
    expect((error.cause as Error).message).toBe('boom at load');
  });

  it('checks the instance a hand-made definition returns', async () => {
    await expect(loadProviderDefinition('badinstance', { cwd: app })).resolves.toBeDefined();
    const error = await rejection(loadProvider('badinstance', {}, { cwd: app }));
    expect(error.message).toMatch(/instance name is "impostor", expected "badinstance"/);
  });
});

describe('readManifest', () => {
  it('reads the manifest of the package around an entry', async () => {
    expect(await readManifest(join(app, 'node_modules/@stowage/provider-upload-foo/index.js'))).toEqual({
      packageName: '@stowage/provider-upload-foo',
      manifest: { provider: 'foo', capabilities: ['read', 'stat'] },
    });
  });

  it('skips nameless package.json files (a "type" marker in dist/)', async () => {
    await write('node_modules/stowage-provider-upload-nested/package.json', JSON.stringify({ name: 'stowage-provider-upload-nested', stowage: { provider: 'nested', capabilities: [] } }));
    await write('node_modules/stowage-provider-upload-nested/dist/cjs/package.json', JSON.stringify({ type: 'commonjs' }));
    await write('node_modules/stowage-provider-upload-nested/dist/cjs/index.js', providerSource('nested', [], 'cjs'));
    const found = await readManifest(join(app, 'node_modules/stowage-provider-upload-nested/dist/cjs/index.js'));
    expect(found?.manifest).toEqual({ provider: 'nested', capabilities: [] });
  });

  it('has no manifest for a package without one', async () => {
    expect((await readManifest(join(app, 'node_modules/stowage-provider-upload-nomanifest/index.js')))?.manifest).toBeUndefined();
  });

  it('refuses invalid JSON with INVALID_OPTIONS', async () => {
    await write('broken/package.json', '{ "name": ');
    await write('broken/index.js', '');
    expect((await rejection(readManifest(join(app, 'broken/index.js')))).message).toMatch(/not valid JSON/);
  });
});

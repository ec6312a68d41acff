import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The repository's docs generator (scripts/providers-doc.mjs) reads the same conformance reports this
// CLI writes; it is tested here, on a repository of its own in a temporary directory.
const script = fileURLToPath(new URL('../../../scripts/providers-doc.mjs', import.meta.url));
let root: string;

function generate(...args: string[]): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [script, '--root', root, ...args], { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function report(name: string, failed: boolean): unknown {
  const clauses = [
    { id: 'upload.roundtrip.1b', title: 'a 1-byte Buffer round-trips', status: failed ? 'failed' : 'passed', ...(failed ? { note: 'expected 1 byte | got 0' } : {}) },
    { id: 'signedUrl.fetch', title: 'a signed URL fetched with plain fetch', status: 'skipped', note: 'provider does not declare signedUrl' },
  ];
  return { name, provider: 'demo', capabilities: ['read'], clauses, totals: { passed: failed ? 0 : 1, failed: failed ? 1 : 0, skipped: 1, total: 2 } };
}

async function writePackage(dir: string, manifest: Record<string, unknown>, reports: Record<string, unknown> = {}): Promise<void> {
  await mkdir(join(root, 'packages', dir, 'conformance'), { recursive: true });
  await writeFile(join(root, 'packages', dir, 'package.json'), JSON.stringify(manifest));
  for (const [file, content] of Object.entries(reports)) await writeFile(join(root, 'packages', dir, 'conformance', file), JSON.stringify(content));
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'providers-doc-'));
  await writePackage('provider-demo', { name: '@stowage/provider-upload-demo', description: 'A demo.', stowage: { provider: 'demo', capabilities: ['read'] } }, { 'demo-disk.json': report('demo (disk)', false) });
  await writePackage('core', { name: '@stowage/core' });
  await writePackage('test-servers', { name: '@stowage/test-servers', private: true, stowage: { provider: 'x', capabilities: [] } });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('scripts/providers-doc.mjs', () => {
  it('fails --check while docs/providers.md is missing', () => {
    expect(generate('--check')).toMatchObject({ status: 1, output: expect.stringContaining('docs/providers.md is missing') });
  });

  it('writes the page from the manifests and reports, public providers only', async () => {
    expect(generate().status).toBe(0);
    const page = await readFile(join(root, 'docs', 'providers.md'), 'utf8');
    expect(page).toContain('| `@stowage/provider-upload-demo` | `demo` | `read` | [demo (disk)](../packages/provider-demo/conformance/demo-disk.md) | 1 | 0 | 1 |');
    expect(page).toContain('| `signedUrl.fetch` | ⏭ skipped | provider does not declare signedUrl |');
    expect(page).not.toContain('test-servers');
    expect(page).not.toContain('## @stowage/core');
    expect(generate('--check')).toMatchObject({ status: 0, output: expect.stringContaining('up to date') });
  });

  it('fails --check once a report changes, and passes again after regenerating', async () => {
    await writeFile(join(root, 'packages/provider-demo/conformance/demo-disk.json'), JSON.stringify(report('demo (disk)', true)));
    expect(generate('--check')).toMatchObject({ status: 1, output: expect.stringContaining('stale') });
    expect(generate().status).toBe(0);
    expect(generate('--check').status).toBe(0);
    // A note with a pipe stays inside its cell.
    expect(await readFile(join(root, 'docs', 'providers.md'), 'utf8')).toContain('expected 1 byte \\| got 0');
  });
});

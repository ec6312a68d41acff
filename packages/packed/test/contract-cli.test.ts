import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { childEnv, runCommand } from './helpers/run-command.js';

/** Runs `npx stowage contract …` in the scratch project, where the packed CLI and providers are installed. */
async function contract(args: readonly string[]) {
  // --no-install: never fetch a `stowage` package from the registry if the local bin were missing.
  return runCommand('npx', ['--no-install', 'stowage', 'contract', ...args], { cwd: inject('scratch'), env: childEnv(), timeoutMs: 280_000 });
}

describe('npx stowage contract, installed from the tarballs', () => {
  it('passes the packed provider-local (by its short name) and prints the report', async () => {
    const dir = join(inject('work'), 'contract-local');
    await mkdir(dir);
    const options = join(dir, 'local.json');
    // Signing as provider-local takes it; no server serves the signed URLs in this run, so those clauses
    // are skipped with the reason (without `signing` they fail: the manifest declares the capability).
    await writeFile(options, JSON.stringify({ root: join(dir, 'store'), fsync: false, signing: { secret: 'a'.repeat(64), baseUrl: 'http://127.0.0.1:9/signed' } }));
    const skip = ['--skip', 'signedUrl=no signed-request server in this run', '--skip', 'signedUpload=no signed-request server in this run'];
    const run = await contract(['local', '--options', options, ...skip]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('# Conformance: local');
    expect(run.stdout).toContain('| `upload.roundtrip.12mib`');
    expect(run.stdout).toMatch(/\*\*[1-9]\d* passed, 0 failed, 6 skipped\*\*/);
  });

  it('passes the Strapi provider @strapi/provider-upload-local installed from the registry (strapi:local)', async () => {
    const dir = join(inject('work'), 'contract-strapi');
    await mkdir(dir);
    const options = join(dir, 'strapi-local.json');
    await writeFile(options, JSON.stringify({ publicDir: join(dir, 'public') }));
    const run = await contract(['strapi:local', '--options', options]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('# Conformance: strapi-local');
    expect(run.stdout).toMatch(/\*\*[1-9]\d* passed, 0 failed, \d+ skipped\*\*/);
  });
});

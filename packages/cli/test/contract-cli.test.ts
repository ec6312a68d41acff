import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const localProvider = fileURLToPath(new URL('../../provider-local/src/index.ts', import.meta.url));
const broken = fileURLToPath(new URL('./fixtures/broken-provider.mjs', import.meta.url));
const notAProvider = fileURLToPath(new URL('./fixtures/not-a-provider.mjs', import.meta.url));
const leaky = fileURLToPath(new URL('./fixtures/leaky-provider.mjs', import.meta.url));

let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'stowage-cli-'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

interface Report {
  name: string;
  provider?: string;
  clauses: { id: string; status: string; note?: string }[];
  totals: { passed: number; failed: number; skipped: number; total: number };
}

describe('stowage contract', () => {
  it('passes provider-local from an options file, prints the table and writes the report', async () => {
    const options = join(work, 'local.json');
    // The secret comes from the environment, as it would in CI.
    await writeFile(options, JSON.stringify({ root: join(work, 'store'), fsync: false, signing: { secret: '${LOCAL_SIGNING_SECRET}', baseUrl: 'http://127.0.0.1:9/signed' } }));
    const secret = randomBytes(32).toString('hex');
    const run = await runCli(
      [
        'contract',
        localProvider,
        '--options',
        options,
        '--report',
        join(work, 'reports'),
        '--name',
        'local (cli)',
        // No server serves the signed URLs in this run: the skips say so, and show in the report.
        '--skip',
        'signedUrl=no signed-request server in this run',
        '--skip',
        'signedUpload=no signed-request server in this run',
      ],
      { env: { LOCAL_SIGNING_SECRET: secret } },
    );
    expect(run.stderr).not.toContain(secret);
    expect(run.stdout).not.toContain(secret);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('# Conformance: local (cli)');
    expect(run.stdout).toContain('| `upload.roundtrip.12mib`');
    expect(run.stdout).toMatch(/\*\*\d+ passed, 0 failed, 6 skipped\*\*/);
    const report = JSON.parse(await readFile(join(work, 'reports', 'local-cli.json'), 'utf8')) as Report;
    expect(report.provider).toBe('local');
    expect(report.totals.failed).toBe(0);
    expect(report.clauses.find((c) => c.id === 'signedUrl.fetch')).toMatchObject({ status: 'skipped', note: 'no signed-request server in this run' });
    expect(report.clauses.find((c) => c.id === 'upload.memory')?.status).toBe('passed');
    expect(await readFile(join(work, 'reports', 'local-cli.md'), 'utf8')).toContain('| `keys.traversal`');
  });

  it('exits 1 and names the failing clauses of a broken provider', async () => {
    const run = await runCli(['contract', broken, '--json', '--skip', 'upload.memory=the fixture buffers bodies'], { cwd: work });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as Report;
    const status = (id: string) => report.clauses.find((c) => c.id === id)?.status;
    expect(status('upload.roundtrip.1b')).toBe('passed');
    expect(status('keys.traversal')).toBe('failed');
    expect(status('upload.max-size')).toBe('failed');
    expect(status('copy.roundtrip')).toBe('skipped');
    expect(run.stderr).toMatch(/clause\(s\) failed: .*keys\.traversal/);
  });

  it('honours STOWAGE_CONTRACT_SKIP and --only', async () => {
    const run = await runCli(['contract', broken, '--only', 'upload.roundtrip', '--only', 'keys'], {
      cwd: work,
      env: { STOWAGE_CONTRACT_SKIP: 'keys.traversal=known bug #1,keys.nfc=known bug #2' },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('known bug #1');
    expect(run.stdout).not.toContain('upload.max-size');
  });

  it('exits 1 when the provider cannot be created, with the reason', async () => {
    const options = join(work, 'bad-local.json');
    await writeFile(options, JSON.stringify({ root: 42 }));
    const run = await runCli(['contract', localProvider, '--options', options, '--only', 'upload.roundtrip.1b']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/could not be created: .*INVALID_OPTIONS.*root/);
  });

  it('exits 2 for what cannot be loaded or read', async () => {
    const missing = await runCli(['contract', 'no-such-backend'], { cwd: work });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('"@stowage/provider-upload-no-such-backend", "stowage-provider-upload-no-such-backend"');
    const notProvider = await runCli(['contract', notAProvider], { cwd: work });
    expect(notProvider.code).toBe(2);
    expect(notProvider.stderr).toContain('is not a Stowage provider');
    const unsetVariable = join(work, 'env.json');
    await writeFile(unsetVariable, JSON.stringify({ root: '${STOWAGE_TEST_UNSET_VARIABLE}' }));
    const env = await runCli(['contract', broken, '--options', unsetVariable], { cwd: work });
    expect(env.code).toBe(2);
    expect(env.stderr).toContain('STOWAGE_TEST_UNSET_VARIABLE, which is not set');
  });

  it('exits when the run is over even if the provider leaves handles open', async () => {
    const run = await runCli(['contract', leaky, '--only', 'provider.shape'], { cwd: work });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('**1 passed, 0 failed, 0 skipped** of 1 clauses.');
  });

  it('runs an unmodified Strapi upload provider through @stowage/strapi-providers (strapi:<name>)', async () => {
    // Resolved from @stowage/strapi-providers, which has the Strapi provider installed; its files go to the temp directory.
    const options = join(work, 'strapi-local.json');
    await writeFile(options, JSON.stringify({ publicDir: join(work, 'public') }));
    const strapiProviders = fileURLToPath(new URL('../../strapi-providers', import.meta.url));
    const run = await runCli(['contract', 'strapi:local', '--options', options, '--cwd', strapiProviders, '--only', 'provider.shape', '--only', 'upload.result'], { cwd: work });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('# Conformance: strapi-local');
    expect(run.stdout).toContain('**2 passed, 0 failed, 0 skipped** of 2 clauses.');
    const missing = await runCli(['contract', 'strapi:no-such-strapi-provider'], { cwd: work });
    expect(missing.code).toBe(2);
    const help = await runCli(['contract', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('strapi:<package>');
    expect(help.stdout).toContain('--strapi');
  });
});

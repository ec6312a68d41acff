import { mkdtempSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Capability } from '../../capabilities.js';
import { CLAUSES, selectClauses } from '../clauses/index.js';
import type { ConformanceReport } from '../report.js';
import { runContract } from '../run-contract.js';
import { runProviderContract } from '../run-provider-contract.js';
import { ContractSession } from '../session.js';
import type { Clause } from '../clause.js';
import { BROKEN_VARIANTS, type BrokenVariant } from './broken-providers.js';
import { ReferenceProvider } from './reference-provider.js';

const ids = (report: ConformanceReport, status: 'failed' | 'skipped') =>
  report.clauses.filter((c) => c.status === status).map((c) => c.id).sort();

/** Runs `clauses` headless against a fresh instance of `provider`, removing its directory afterwards. */
function run(name: string, provider: typeof ReferenceProvider, clauses = CLAUSES) {
  return runContract({ name, create: () => provider.start(), cleanup: (p) => p.destroy(), clauses, env: {} });
}

describe('the reference provider', () => {
  it('passes every clause, skips none, and leaves no object behind', async () => {
    let leftovers: string[] = ['not checked'];
    const report = await runContract({
      name: 'reference',
      create: () => ReferenceProvider.start(),
      cleanup: async (p) => {
        leftovers = [...(await readdir(join(p.root, 'meta'))), ...(await readdir(join(p.root, 'parts')))];
        await p.destroy();
      },
      env: {},
    });
    expect(report.clauses.filter((c) => c.status !== 'passed')).toEqual([]);
    expect(report.totals).toEqual({ passed: CLAUSES.length, failed: 0, skipped: 0, total: CLAUSES.length });
    expect(leftovers).toEqual([]);
  }, 120_000);
});

// Everything but the 256 MiB clause, all variants at once: the memory clause measures the whole process
// (memory.test.ts runs it, in a process of its own).
const withoutMemory = CLAUSES.filter((c) => c.id !== 'upload.memory');

describe.concurrent('each broken provider fails exactly its clauses', () => {
  it.each(BROKEN_VARIANTS.map((v) => [v.name, v] as const))('%s', async (_name, variant: BrokenVariant) => {
    const report = await run(variant.name, variant.provider, withoutMemory);
    expect(ids(report, 'failed')).toEqual(variant.fails.filter((id) => id !== 'upload.memory').sort());
    expect(ids(report, 'skipped')).toEqual([]);
    for (const [id, note] of Object.entries(variant.notes ?? {})) expect(report.clauses.find((c) => c.id === id)?.note).toMatch(note);
  }, 120_000);
});

describe('a provider that cannot be created', () => {
  it('fails every clause with the reason, and still skips what configuration skips', async () => {
    const report = await runContract({
      name: 'broken create',
      create: () => Promise.reject(new Error('no credentials')),
      clauses: selectClauses('upload.result', 'check.ok'),
      skip: { check: 'not today' },
      env: {},
    });
    expect(report.clauses).toEqual([
      { id: 'upload.result', title: expect.any(String), status: 'failed', note: 'provider could not be created: Error: no credentials' },
      { id: 'check.ok', title: expect.any(String), status: 'skipped', note: 'not today' },
    ]);
  });
});

describe('a partial run (a vitest run filtered with -t)', () => {
  it('reports the clauses that did not run as skipped, and says it is not complete', async () => {
    const session = new ContractSession({ name: 'partial', create: () => ReferenceProvider.start(), cleanup: (p) => p.destroy(), clauses: selectClauses('upload.result', 'check.ok'), env: {} });
    await session.open();
    const [first] = session.clauses;
    await session.execute(first as Clause);
    await session.close();
    expect(session.complete()).toBe(false);
    expect(session.report().clauses.map((c) => [c.id, c.status, c.note])).toEqual([
      ['upload.result', 'passed', undefined],
      ['check.ok', 'skipped', 'not run (filtered out of this test run)'],
    ]);
  });
});

/** The reference minus the signing and check capabilities: exercises capability skips in the binding. */
class LimitedReference extends ReferenceProvider {
  override readonly capabilities: ReadonlySet<Capability> = new Set<Capability>(['read', 'stat', 'copy', 'list', 'exists', 'close']);
}

const reportDir = mkdtempSync(join(tmpdir(), 'stowage-conformance-'));

// The vitest binding itself, on the limited reference: real `it`s, static skips in titles, runtime skips.
runProviderContract({
  name: 'reference (limited, vitest binding)',
  create: () => LimitedReference.start(),
  cleanup: (p) => p.destroy(),
  skip: { 'upload.memory': 'measured by the headless self-test above' },
  env: { STOWAGE_CONTRACT_SKIP: 'list.pagination=demonstrating the environment skip' },
  reportDir,
});

describe('the report the vitest binding wrote', () => {
  afterAll(() => rm(reportDir, { recursive: true, force: true }));

  it('records every clause with its status and skip reason', async () => {
    const report = JSON.parse(await readFile(join(reportDir, 'reference-limited-vitest-binding.json'), 'utf8')) as ConformanceReport;
    const markdown = await readFile(join(reportDir, 'reference-limited-vitest-binding.md'), 'utf8');
    expect(report.capabilities).toEqual(['read', 'stat', 'copy', 'list', 'exists', 'close']);
    expect(ids(report, 'failed')).toEqual([]);
    const notes = Object.fromEntries(report.clauses.filter((c) => c.status === 'skipped').map((c) => [c.id, c.note]));
    expect(notes).toEqual({
      'upload.memory': 'measured by the headless self-test above',
      'signedUrl.fetch': 'provider does not declare signedUrl',
      'signedUrl.disposition': 'provider does not declare signedUrl',
      'signedUrl.expired': 'provider does not declare signedUrl',
      'signedUrl.tamper': 'provider does not declare signedUrl',
      'signedUpload.client': 'provider does not declare signedUpload',
      'signedUpload.max-size': 'provider does not declare signedUpload',
      'list.pagination': 'skipped by STOWAGE_CONTRACT_SKIP: demonstrating the environment skip',
      'check.ok': 'provider does not declare check',
      ...Object.fromEntries(selectClauses('resumable').map((c) => [c.id, 'provider does not declare resumable'])),
    });
    expect(report.totals).toEqual({ passed: CLAUSES.length - 16, failed: 0, skipped: 16, total: CLAUSES.length });
    expect(markdown).toContain(`**${CLAUSES.length - 16} passed, 0 failed, 16 skipped** of ${CLAUSES.length} clauses.`);
  });
});

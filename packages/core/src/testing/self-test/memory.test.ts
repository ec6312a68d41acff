import { describe, expect, it } from 'vitest';
import { selectClauses } from '../clauses/index.js';
import { runContract } from '../run-contract.js';
import { BROKEN_VARIANTS, type BrokenVariant } from './broken-providers.js';
import { ReferenceProvider } from './reference-provider.js';

// The memory clause measures this whole process, so it has a test file (a worker) of its own, and runs
// one provider at a time.

const memory = selectClauses('upload.memory');
const byName = (name: string) => BROKEN_VARIANTS.find((v) => v.name === name) as BrokenVariant;

async function runMemory(provider: typeof ReferenceProvider) {
  const report = await runContract({ name: 'memory', create: () => provider.start(), cleanup: (p) => p.destroy(), clauses: memory, env: {} });
  return report.clauses[0];
}

describe('the memory clause', () => {
  // First, in a process that never held a big body: the cleanest measure.
  it('passes the reference provider', async () => {
    expect(await runMemory(ReferenceProvider)).toMatchObject({ status: 'passed' });
  }, 120_000);

  it('fails a provider that buffers whole files, reporting the growth it measured', async () => {
    const outcome = await runMemory(byName('buffers whole files in memory').provider);
    expect(outcome?.status).toBe('failed');
    expect(outcome?.note).toMatch(/^AssertionError: RSS grew by \d+\.\d MiB \(baseline \d+ MiB, peak \d+ MiB\): the upload holds the body in memory/);
  }, 120_000);

  it('fails a provider that truncates large bodies (stored size checked)', async () => {
    const outcome = await runMemory(byName('truncates data').provider);
    expect(outcome).toMatchObject({ status: 'failed', note: expect.stringContaining('stat size of the 256 MiB object') });
  }, 120_000);
});

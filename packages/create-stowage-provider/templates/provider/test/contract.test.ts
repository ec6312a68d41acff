import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProviderContract } from '@stowage/core/testing';
import provider from '../src/index.js';

let root: string | undefined;

// The contract kit: one test per clause, clauses of undeclared capabilities skipped with the reason.
// It writes conformance/__PROVIDER_NAME__.json and .md, which `pnpm test` then copies into the README.
runProviderContract({
  name: '__PROVIDER_NAME__',
  create: async () => {
    root = await mkdtemp(join(tmpdir(), '__PROVIDER_NAME__-contract-'));
    return provider.init({ root });
  },
  cleanup: async () => {
    if (root !== undefined) await rm(root, { recursive: true, force: true });
  },
});

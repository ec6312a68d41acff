import type { Provider } from '../provider.js';
import type { ConformanceReport } from './report.js';
import { type ContractOptions, ContractSession } from './session.js';

/**
 * Runs the contract headless (no test runner): creates the provider, runs every clause in order (skipping
 * those the provider's capabilities, `options.skip` or `STOWAGE_CONTRACT_SKIP` exclude), cleans up, and
 * returns the report. Clause failures are recorded, never thrown; a provider that cannot be created fails
 * every clause that is not skipped by configuration.
 *
 * ```ts
 * const report = await runContract({ name: 'local', create: () => local.init({ root }) });
 * console.log(renderMarkdown(report));
 * ```
 */
export async function runContract<P extends Provider>(options: ContractOptions<P>): Promise<ConformanceReport> {
  const session = new ContractSession(options);
  await session.open();
  try {
    for (const clause of session.clauses) await session.execute(clause);
  } finally {
    await session.close();
  }
  return session.report();
}

import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Provider } from '../provider.js';
import { DEFAULT_CLAUSE_TIMEOUT } from './clause.js';
import { renderMarkdown, writeReport } from './report.js';
import { type ContractOptions, ContractSession } from './session.js';

/** Options of {@link runProviderContract}. */
export interface ProviderContractOptions<P extends Provider = Provider> extends ContractOptions<P> {
  /** Where `<slug>.json` and `<slug>.md` are written. @default `<cwd>/conformance` */
  reportDir?: string;
}

// Extra time vitest gives a clause beyond its own timeout, so the kit's timeout fires first and is recorded.
const VITEST_GRACE = 5_000;
const CREATE_TIMEOUT = 180_000;

/**
 * Registers the contract as a vitest suite: `describe(name)`, the provider created in `beforeAll`, one test
 * per clause (with the clause's timeout). Clauses skipped by `skip` or `STOWAGE_CONTRACT_SKIP` are skipped
 * tests whose title carries the reason; clauses needing a capability the provider does not declare, or
 * skipping themselves at run time, are skipped at run time with the reason as the skip note. `afterAll`
 * cleans up, writes the report (only when every clause ran: a run filtered with `-t` leaves the committed
 * report alone) and prints its markdown table.
 *
 * ```ts
 * runProviderContract({
 *   name: 'aws-s3 (ceph)',
 *   create: async () => s3.init(options),
 *   skip: { 'signedUrl.tamper': 'emulator does not verify signatures' },
 * });
 * ```
 */
export function runProviderContract<P extends Provider>(options: ProviderContractOptions<P>): void {
  const session = new ContractSession(options);
  describe(options.name, () => {
    beforeAll(async () => {
      await session.open();
      if (session.provider === undefined) throw session.createError ?? new Error('create() returned no provider');
    }, CREATE_TIMEOUT);

    for (const clause of session.clauses) {
      const configured = session.configuredSkip(clause);
      if (configured !== undefined) {
        session.record(clause, 'skipped', configured);
        it.skipIf(true)(`${clause.id} — skipped: ${configured}`, () => {});
        continue;
      }
      it(
        `${clause.id} — ${clause.title}`,
        async (ctx) => {
          const { outcome, error } = await session.execute(clause);
          if (outcome.status === 'skipped') ctx.skip(outcome.note);
          if (outcome.status === 'failed') throw error;
        },
        (clause.timeout ?? DEFAULT_CLAUSE_TIMEOUT) + VITEST_GRACE,
      );
    }

    afterAll(async () => {
      await session.close();
      const report = session.report();
      const dir = options.reportDir ?? resolve(process.cwd(), 'conformance');
      // A partial run (tests filtered out) would overwrite the committed report with holes.
      if (session.complete()) await writeReport(report, dir);
      const notice = session.complete() ? '' : `(Not all clauses ran, so the report in ${dir} was left as it was.)\n`;
      process.stdout.write(`\n${renderMarkdown(report)}${notice}\n`);
    }, CREATE_TIMEOUT);
  });
}

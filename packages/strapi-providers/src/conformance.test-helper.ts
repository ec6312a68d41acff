import { appendFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type ConformanceReport, writeReport } from '@stowage/core/testing/headless';
import { expect } from 'vitest';

/** Where the Strapi providers' conformance tables are published. */
export const REPORT_DIR = fileURLToPath(new URL('../conformance/', import.meta.url));

/** What a Strapi provider is expected not to pass: clause id → why. */
export interface Expected {
  failed: Record<string, string>;
  skipped: Record<string, string>;
}

/**
 * Writes the report with a "why" section for every clause that does not pass, then checks the run
 * failed and skipped EXACTLY the expected clauses: a regression (or an unexpected pass) fails the test.
 */
export async function publishAndCheck(report: ConformanceReport, expected: Expected, intro: string): Promise<void> {
  const { markdown } = await writeReport(report, REPORT_DIR);
  const why = [
    '',
    '## Why',
    '',
    intro,
    '',
    ...Object.entries({ ...expected.failed, ...expected.skipped }).map(([id, reason]) => `- \`${id}\`: ${reason}`),
    '',
  ];
  await appendFile(markdown, why.join('\n'));
  const ids = (status: string) => report.clauses.filter((c) => c.status === status).map((c) => c.id).sort();
  expect({ failed: ids('failed'), skipped: ids('skipped') }, JSON.stringify(report.clauses.filter((c) => c.status === 'failed'), null, 1)).toEqual({
    failed: Object.keys(expected.failed).sort(),
    skipped: Object.keys(expected.skipped).sort(),
  });
}

/** Reasons shared by every Strapi provider: what Strapi's provider API has no way to express. */
export const STRAPI_API_LIMITS = {
  notDeclared: (what: string) => `Strapi's provider API has no ${what}; the adapter does not declare it.`,
};

/** The `resumable.*` clauses, skipped for every Strapi provider: its API has one `upload` call per file. */
export const RESUMABLE_SKIPS: Record<string, string> = Object.fromEntries(
  ['roundtrip', 'rewind', 'failed-append', 'max-size', 'empty', 'abort', 'handle-rule'].map((name) => [`resumable.${name}`, STRAPI_API_LIMITS.notDeclared('resumable (multi-request) upload')]),
);

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Capability } from '../capabilities.js';
import { CAPABILITIES } from '../capabilities.js';

/** How one clause ended. */
export type ClauseStatus = 'passed' | 'failed' | 'skipped';

/** One clause's line of a report. */
export interface ClauseOutcome {
  id: string;
  title: string;
  status: ClauseStatus;
  /** Why it was skipped, or the failure's message; absent on a pass. */
  note?: string;
}

/** What a contract run found. Deterministic: no timestamps, durations or random prefixes. */
export interface ConformanceReport {
  /** The suite's name (`aws-s3 (ceph)`). */
  name: string;
  /** The provider's own name (`aws-s3`), when it could be created. */
  provider?: string;
  /** The capabilities the provider declares, in `CAPABILITIES` order. */
  capabilities: Capability[];
  /** Every clause, in report order. */
  clauses: ClauseOutcome[];
  totals: { passed: number; failed: number; skipped: number; total: number };
}

/** Builds a report from outcomes, computing totals and ordering capabilities. */
export function buildReport(name: string, provider: string | undefined, capabilities: Iterable<Capability>, clauses: ClauseOutcome[]): ConformanceReport {
  const declared = new Set(capabilities);
  const count = (status: ClauseStatus) => clauses.filter((c) => c.status === status).length;
  return {
    name,
    ...(provider === undefined ? {} : { provider }),
    capabilities: CAPABILITIES.filter((c) => declared.has(c)),
    clauses,
    totals: { passed: count('passed'), failed: count('failed'), skipped: count('skipped'), total: clauses.length },
  };
}

/** A file-name-safe form of a suite name: `aws-s3 (ceph)` → `aws-s3-ceph`. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'provider' : slug;
}

/**
 * Makes a failure message report-safe and stable: one line, the run's random prefix replaced by
 * `contract-<run>/`, bounded length.
 */
export function cleanNote(message: string): string {
  const line = message.replace(/contract-[0-9a-f]{8}\//g, 'contract-<run>/').replace(/\s+/g, ' ').trim();
  return line.length > 400 ? `${line.slice(0, 399)}…` : line;
}

const ICON: Record<ClauseStatus, string> = { passed: '✅', failed: '❌', skipped: '⏭' };

/** The report as a markdown table (Clause | Result | Note) with a summary line. */
export function renderMarkdown(report: ConformanceReport): string {
  const cell = (text: string) => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const { passed, failed, skipped, total } = report.totals;
  const lines = [
    `# Conformance: ${report.name}`,
    '',
    `Provider: \`${report.provider ?? 'not created'}\`. Capabilities: ${report.capabilities.length === 0 ? 'none' : report.capabilities.map((c) => `\`${c}\``).join(', ')}.`,
    '',
    '| Clause | Result | Note |',
    '| --- | --- | --- |',
    ...report.clauses.map((c) => `| \`${c.id}\` ${cell(c.title)} | ${ICON[c.status]} ${c.status} | ${cell(c.note ?? '')} |`),
    '',
    `**${passed} passed, ${failed} failed, ${skipped} skipped** of ${total} clauses.`,
    '',
  ];
  return lines.join('\n');
}

/** Writes `<slug>.json` and `<slug>.md` into `dir` (created if needed); returns both paths. */
export async function writeReport(report: ConformanceReport, dir: string): Promise<{ json: string; markdown: string }> {
  await mkdir(dir, { recursive: true });
  const base = join(dir, slugify(report.name));
  const json = `${base}.json`;
  const markdown = `${base}.md`;
  await writeFile(json, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(markdown, renderMarkdown(report));
  return { json, markdown };
}

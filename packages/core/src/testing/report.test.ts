import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReport, cleanNote, renderMarkdown, slugify, writeReport } from './report.js';

const report = buildReport('aws-s3 (ceph)', 'aws-s3', ['list', 'read', 'close'], [
  { id: 'upload.result', title: 'the result', status: 'passed' },
  { id: 'read.range.end', title: 'inclusive | clamped', status: 'failed', note: cleanNote('read of "contract-0a1b2c3d/x":\n  expected 10,\tgot 11') },
  { id: 'signedUrl.fetch', title: 'plain fetch', status: 'skipped', note: 'provider does not declare signedUrl' },
]);

describe('buildReport', () => {
  it('orders capabilities as CAPABILITIES does and counts outcomes', () => {
    expect(report.capabilities).toEqual(['read', 'list', 'close']);
    expect(report.totals).toEqual({ passed: 1, failed: 1, skipped: 1, total: 3 });
  });

  it('keeps notes on one line, without the random run prefix', () => {
    expect(report.clauses[1]?.note).toBe('read of "contract-<run>/x": expected 10, got 11');
    expect(cleanNote('x'.repeat(1000))).toHaveLength(400);
  });
});

describe('renderMarkdown', () => {
  it('renders a Clause | Result | Note table with icons and a summary line, escaping pipes', () => {
    expect(renderMarkdown(report)).toBe(
      [
        '# Conformance: aws-s3 (ceph)',
        '',
        'Provider: `aws-s3`. Capabilities: `read`, `list`, `close`.',
        '',
        '| Clause | Result | Note |',
        '| --- | --- | --- |',
        '| `upload.result` the result | ✅ passed |  |',
        '| `read.range.end` inclusive \\| clamped | ❌ failed | read of "contract-<run>/x": expected 10, got 11 |',
        '| `signedUrl.fetch` plain fetch | ⏭ skipped | provider does not declare signedUrl |',
        '',
        '**1 passed, 1 failed, 1 skipped** of 3 clauses.',
        '',
      ].join('\n'),
    );
  });
});

describe('writeReport', () => {
  it('writes <slug>.json and <slug>.md, byte-identical when written twice', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'stowage-report-test-'));
    try {
      const paths = await writeReport(report, join(dir, 'nested'));
      expect(paths).toEqual({ json: join(dir, 'nested', 'aws-s3-ceph.json'), markdown: join(dir, 'nested', 'aws-s3-ceph.md') });
      const first = [await readFile(paths.json, 'utf8'), await readFile(paths.markdown, 'utf8')];
      await writeReport(report, join(dir, 'nested'));
      expect([await readFile(paths.json, 'utf8'), await readFile(paths.markdown, 'utf8')]).toEqual(first);
      expect(JSON.parse(first[0] as string)).toEqual(report);
      expect(first[1]).toBe(renderMarkdown(report));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('slugifies names for file names', () => {
    expect(slugify('aws-s3 (ceph)')).toBe('aws-s3-ceph');
    expect(slugify('Azure — Azurite 3.37')).toBe('azure-azurite-3-37');
    expect(slugify('***')).toBe('provider');
  });
});

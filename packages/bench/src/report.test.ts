import { describe, expect, it } from 'vitest';
import { escapeXml, renderChart } from './chart.js';
import { checkTargets, renderReport, type Results } from './report.js';
import { GiB, KiB, MiB } from './stats.js';
import type { Measurement } from './run.js';

function m(target: string, scenario: string, rate: number, peakMiB: number): Measurement {
  return { target, scenario, unit: scenario === 'small' ? 'files/s' : 'MiB/s', reps: [{ rate, p50Ms: 1, p99Ms: 2, peakRss: peakMiB * MiB, cpuMs: 500 }], rate, p50Ms: 1, p99Ms: 2, peakRss: peakMiB * MiB, cpuMs: 500, idleRss: 40 * MiB, load: 0.5 };
}

const results: Results = {
  startedAt: '2026-01-01T03:00:00.000Z',
  finishedAt: '2026-01-01T03:12:00.000Z',
  quick: false,
  reps: 3,
  machine: { cpu: 'Test CPU', cores: 2, memoryGiB: 24, kernel: '6.1', os: 'Debian', node: 'v20', disk: '/dev/vda ext4', load: [0.1, 0.2, 0.3] },
  scenarios: [
    { id: 'big', kind: 'big', size: GiB, warmupSize: 64 * MiB },
    { id: 'bigger', kind: 'big', size: 4 * GiB, warmupSize: 64 * MiB },
    { id: 'small', kind: 'small', size: 16 * KiB, count: 1000, concurrency: 16, warmupCount: 200 },
  ],
  targets: [
    { id: 'discard', label: 'discard', group: 'ceiling' },
    { id: 'raw-file-8mib', label: 'raw <8 MiB> & file', group: 'ceiling' },
    { id: 'multer-disk', label: 'multer', group: 'peer' },
    { id: 'stowage-files', label: 'Stowage', group: 'stowage' },
  ],
  measurements: [
    m('discard', 'big', 2000, 50),
    m('raw-file-8mib', 'big', 1000, 60),
    m('multer-disk', 'big', 400, 70),
    m('stowage-files', 'big', 950, 80),
    m('stowage-files', 'bigger', 940, 120),
    m('multer-disk', 'small', 800, 70),
    { ...m('stowage-files', 'small', 700, 90), cpuMs: 3000, sysMs: 1800 },
    { target: 'multer-disk', scenario: 'bigger', unit: 'MiB/s', reps: [], load: 1, skipped: 'too big' },
  ],
};

describe('the report', () => {
  it('checks the targets against the medians', () => {
    const checks = checkTargets(results);
    expect(checks.map((c) => c.met)).toEqual([true, false, true, false, true]);
    expect(checks[1]?.measured).toContain('700 vs 800 files/s (multer)');
  });

  it('checks the S3 path in every scenario its targets ran, big files and small ones', () => {
    const withS3: Results = {
      ...results,
      measurements: [
        ...results.measurements,
        m('stowage-s3', 'big', 152, 140),
        m('lib-storage-s3', 'big', 146, 150),
        m('stowage-s3', 'small', 469, 200),
        m('lib-storage-s3', 'small', 958, 130),
        { target: 'stowage-s3', scenario: 'bigger', unit: 'MiB/s', reps: [], load: 1, skipped: 'objects in RAM' },
      ],
    };
    const s3 = checkTargets(withS3).filter((c) => c.goal.startsWith('S3 path'));
    expect(s3.map((c) => [c.goal.split(':')[0], c.measured, c.met])).toEqual([
      ['S3 path, 1 GiB', '152 vs 146 MiB/s = 104%', true],
      ['S3 path, 1000 × 16 KiB', '469 vs 958 files/s = 49%', false],
    ]);
  });

  it('renders tables with ratios to the raw-to-file ceiling, and skipped targets with their reason', () => {
    const text = renderReport(results, '## Findings\n\nsome text');
    expect(text).toContain('| multer | 400 | 0.40× |');
    // Results saved before the kernel share was measured still render, without it.
    expect(text).toContain('| 0.50 |');
    expect(text).toContain('| Server CPU ms/file (in kernel) |');
    expect(text).toContain('| 3.00 (60%) |');
    expect(text).toContain('skipped: too big');
    expect(text).toContain('## Findings');
    expect(text).toContain('](docs/benchmarks.svg)');
  });

  it('draws an SVG chart with escaped labels', () => {
    const svg = renderChart(results);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain(escapeXml('raw <8 MiB> & file'));
    expect(svg).not.toContain('raw <8 MiB>');
    expect(svg).toContain('950 (0.95×)');
  });
});

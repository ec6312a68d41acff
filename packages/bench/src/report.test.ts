import { describe, expect, it } from 'vitest';
import { escapeXml, renderChart } from './chart.js';
import { renderReport } from './report.js';
import { m, results } from './results-fixture.js';

describe('the report', () => {
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

  it('shows the same run\'s bound beside a missed target only', () => {
    const run = { ...results, measurements: [...results.measurements, m('raw-file-8mib', 'small', 752, 60), m('busboy-file', 'big', 630, 60)] };
    const text = renderReport(run, '');
    expect(text).toContain('| 700 vs 800 files/s (multer) = 88% | **missed** | Writing the body to a file, nothing else (raw Node → file: no parsing, no record): 752 files/s = 94% of the best peer |');
    expect(text).toContain('| 950 vs 1000 MiB/s = 95% | met |  |');
  });

  it('draws an SVG chart with escaped labels', () => {
    const svg = renderChart(results);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain(escapeXml('raw <8 MiB> & file'));
    expect(svg).not.toContain('raw <8 MiB>');
    expect(svg).toContain('950 (0.95×)');
  });
});

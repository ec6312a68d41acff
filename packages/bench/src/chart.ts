import type { Results } from './report.js';
import { formatSize, MiB } from './stats.js';
import type { Group } from './targets.js';

const COLORS: Record<Group, string> = { ceiling: '#9aa0a6', peer: '#e8913a', stowage: '#1a73e8', s3: '#12a4a4' };
const ROW = 22;
const LABEL_WIDTH = 330;
const BAR_WIDTH = 300;
const PANEL_GAP = 40;

interface Bar {
  value: number | undefined;
  text: string;
  /** A second, lighter bar under the first (the 4 GiB peak next to the 1 GiB one). */
  second?: { value: number | undefined; text: string };
}

/** Escapes text for SVG. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * The report's chart, as a self-contained SVG: per target, the big-file throughput, small files per
 * second, and peak server RSS at both big sizes; bars coloured by group (ceiling, peer, Stowage, S3).
 */
export function renderChart(results: Results): string {
  const targets = results.targets;
  const find = (scenario: string, target: string) => results.measurements.find((m) => m.scenario === scenario && m.target === target);
  const big = results.scenarios.find((s) => s.id === 'big');
  const bigger = results.scenarios.find((s) => s.id === 'bigger');
  const small = results.scenarios.find((s) => s.id === 'small');
  const reference = find('big', 'raw-file-8mib')?.rate;
  const panels: { title: string; bars: Bar[] }[] = [
    {
      title: `${big === undefined ? 'Big file' : formatSize(big.size)} upload, MiB/s (× raw-to-file ceiling)`,
      bars: targets.map((t) => {
        const rate = find('big', t.id)?.rate;
        return { value: rate, text: rate === undefined ? 'n/a' : `${rate.toFixed(0)}${reference === undefined ? '' : ` (${(rate / reference).toFixed(2)}×)`}` };
      }),
    },
    {
      title: `${small?.kind === 'small' ? `${small.count} × ${formatSize(small.size)} at ${small.concurrency}` : 'Small files'}, files/s`,
      bars: targets.map((t) => {
        const rate = find('small', t.id)?.rate;
        return { value: rate, text: rate === undefined ? 'n/a' : rate.toFixed(0) };
      }),
    },
    {
      title: `Peak server RSS, MiB (${big === undefined ? '' : formatSize(big.size)} / ${bigger === undefined ? '' : formatSize(bigger.size)})`,
      bars: targets.map((t) => {
        const a = find('big', t.id)?.peakRss;
        const b = find('bigger', t.id)?.peakRss;
        return { value: a === undefined ? undefined : a / MiB, text: a === undefined ? 'n/a' : (a / MiB).toFixed(0), second: { value: b === undefined ? undefined : b / MiB, text: b === undefined ? 'n/a' : (b / MiB).toFixed(0) } };
      }),
    },
  ];
  const rowHeight = ROW * 1.6;
  const top = 70;
  const height = top + targets.length * rowHeight + 60;
  const width = LABEL_WIDTH + panels.length * (BAR_WIDTH + PANEL_GAP) + 20;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`);
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(`<text x="10" y="22" font-size="16" font-weight="bold">Stowage vs. this machine's ceilings and the usual upload stacks (medians of ${results.reps} runs)</text>`);
  targets.forEach((t, i) => {
    const y = top + i * rowHeight + ROW * 0.75;
    out.push(`<text x="${LABEL_WIDTH - 8}" y="${y}" text-anchor="end" fill="#202124">${escapeXml(t.label)}</text>`);
  });
  panels.forEach((panel, p) => {
    const x0 = LABEL_WIDTH + p * (BAR_WIDTH + PANEL_GAP);
    const max = Math.max(1, ...panel.bars.flatMap((b) => [b.value ?? 0, b.second?.value ?? 0]));
    out.push(`<text x="${x0}" y="${top - 14}" font-weight="bold">${escapeXml(panel.title)}</text>`);
    out.push(`<line x1="${x0}" y1="${top - 6}" x2="${x0}" y2="${top + targets.length * rowHeight}" stroke="#dadce0"/>`);
    panel.bars.forEach((bar, i) => {
      const group = targets[i]?.group ?? 'peer';
      const y = top + i * rowHeight;
      const h = bar.second === undefined ? ROW : ROW / 2;
      drawBar(out, x0, y, h, bar.value, max, bar.text, COLORS[group], 1);
      if (bar.second !== undefined) drawBar(out, x0, y + h, h, bar.second.value, max, bar.second.text, COLORS[group], 0.55);
    });
  });
  const legendY = height - 24;
  (Object.entries(COLORS) as [Group, string][]).forEach(([group, color], i) => {
    const x = 10 + i * 170;
    out.push(`<rect x="${x}" y="${legendY - 10}" width="12" height="12" fill="${color}"/>`);
    out.push(`<text x="${x + 18}" y="${legendY}">${{ ceiling: 'ceiling (raw Node)', peer: 'peer stack', stowage: 'Stowage (local disk)', s3: 'S3 path (Ceph)' }[group]}</text>`);
  });
  out.push(`<text x="${10 + 4 * 170}" y="${legendY}" fill="#5f6368">RSS panel: upper bar ${escapeXml(big === undefined ? '' : formatSize(big.size))}, lower bar ${escapeXml(bigger === undefined ? '' : formatSize(bigger.size))}</text>`);
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

function drawBar(out: string[], x0: number, y: number, h: number, value: number | undefined, max: number, text: string, color: string, opacity: number): void {
  const w = value === undefined ? 0 : Math.max(1, (value / max) * (BAR_WIDTH - 70));
  if (value !== undefined) out.push(`<rect x="${x0}" y="${y}" width="${w.toFixed(1)}" height="${(h - 2).toFixed(1)}" fill="${color}" fill-opacity="${opacity}"/>`);
  out.push(`<text x="${(x0 + w + 4).toFixed(1)}" y="${(y + h / 2 + 3).toFixed(1)}" font-size="${h < ROW ? 10 : 12}" fill="#3c4043">${escapeXml(text)}</text>`);
}

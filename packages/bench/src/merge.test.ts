import { describe, expect, it } from 'vitest';
import { mergeResults } from './merge.js';
import type { Results } from './report.js';

const base = (startedAt: string, finishedAt: string, scenarios: string[]): Results => ({
  startedAt,
  finishedAt,
  quick: false,
  reps: 3,
  machine: { cpu: 'c', cores: 2, memoryGiB: 1, kernel: 'k', os: 'o', node: 'n', disk: 'd', load: [0, 0, 0] },
  scenarios: scenarios.map((id) => ({ id, kind: 'big', size: 1, warmupSize: 1 })),
  targets: [{ id: 't', label: 'T', group: 'peer' }],
  measurements: scenarios.map((scenario) => ({ target: 't', scenario, unit: 'MiB/s', reps: [], load: startedAt === 'a' ? 1 : 2 })),
});

describe('mergeResults', () => {
  it('replaces the scenarios run again and keeps the others, in the standard order', () => {
    const merged = mergeResults(base('2026-01-01T02:00', '2026-01-01T02:10', ['big', 'bigger', 'small']), base('2026-01-01T03:00', '2026-01-01T03:05', ['small', 'big']));
    expect(merged.scenarios.map((s) => s.id)).toEqual(['big', 'bigger', 'small']);
    expect(merged.measurements).toHaveLength(3);
    expect(merged.startedAt).toBe('2026-01-01T02:00');
    expect(merged.finishedAt).toBe('2026-01-01T03:05');
    expect(merged.durationMs).toBe(15 * 60_000);
  });
});

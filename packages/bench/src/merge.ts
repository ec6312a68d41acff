import type { Results } from './report.js';

/** `base` with `run`'s scenarios replaced (or added), in the standard scenario order. */
export function mergeResults(base: Results, run: Results): Results {
  const replaced = new Set(run.scenarios.map((s) => s.id));
  const order = ['big', 'bigger', 'small'];
  const scenarios = [...base.scenarios.filter((s) => !replaced.has(s.id)), ...run.scenarios].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  const measurements = [...base.measurements.filter((m) => !replaced.has(m.scenario)), ...run.measurements];
  const times = [base.startedAt, run.startedAt].sort();
  const ends = [base.finishedAt, run.finishedAt].sort();
  const took = (r: Results) => r.durationMs ?? Date.parse(r.finishedAt) - Date.parse(r.startedAt);
  return { ...run, startedAt: times[0] as string, finishedAt: ends[1] as string, durationMs: took(base) + took(run), scenarios, measurements, targets: run.targets };
}

import type { Results } from './report.js';
import type { Measurement, Scenario } from './run.js';
import { formatSize, MiB } from './stats.js';

/** The reference every rate is divided by: a raw Node server piping the body to a file, 8 MiB buffer. */
export const REFERENCE = 'raw-file-8mib';
/** The ceiling that parses the form and pipes the file part to a file, and does nothing else. */
const PARSE_ONLY = 'busboy-file';

/** One target of the issue, checked against a run. */
export interface Check {
  goal: string;
  measured: string;
  met: boolean | undefined;
  /**
   * What the same run shows is possible at all: the ceiling that does strictly less than the target asks
   * (so no stack doing the full job can pass it), or the figures that say where the time goes.
   */
  bound?: string;
}

/** Checks the issue's targets against the run's medians; `met` is undefined when a number is missing. */
export function checkTargets(results: Results): Check[] {
  const get = (scenario: string, target: string) => results.measurements.find((m) => m.scenario === scenario && m.target === target);
  const rate = (scenario: string, target: string) => get(scenario, target)?.rate;
  const checks: Check[] = [];
  const ceiling = rate('big', REFERENCE);
  const peers = results.targets.filter((t) => t.group === 'peer').map((t) => ({ t, r: rate('small', t.id) }));
  const best = peers.reduce<{ t: { label: string }; r: number } | undefined>((a, b) => (b.r !== undefined && (a === undefined || b.r > a.r) ? { t: b.t, r: b.r } : a), undefined);
  const parseOnly = rate('big', PARSE_ONLY);
  const fileOnly = rate('small', REFERENCE);
  // The defaults first; the fsync-off variant (as durable as the peers: not at all) when it was measured.
  for (const [id, how] of [['stowage-files', ''], ['stowage-files-nofsync', ' with fsync: false']] as const) {
    if (id !== 'stowage-files' && !results.measurements.some((m) => m.target === id && m.rate !== undefined)) continue;
    const big = rate('big', id);
    checks.push({
      goal: `Big file: POST /v1/files${how} ≥ 90% of the raw-to-file ceiling (8 MiB write buffer)`,
      measured: big === undefined || ceiling === undefined ? 'n/a' : `${big.toFixed(0)} vs ${ceiling.toFixed(0)} MiB/s = ${pct(big / ceiling)}`,
      met: big === undefined || ceiling === undefined ? undefined : big >= 0.9 * ceiling,
      ...(parseOnly === undefined || ceiling === undefined
        ? {}
        : {
            bound: `Parsing the form and writing the file, nothing else (busboy → file: no hash, no record, no fsync): ${parseOnly.toFixed(0)} MiB/s = ${pct(parseOnly / ceiling)}${big === undefined ? '' : `, of which this target reached ${pct(big / parseOnly)}`}`,
          }),
    });
    const small = rate('small', id);
    checks.push({
      goal: `Small files: POST /v1/files${how} (with file records) ≥ the best peer`,
      measured: small === undefined || best === undefined ? 'n/a' : `${small.toFixed(0)} vs ${best.r.toFixed(0)} files/s (${best.t.label}) = ${pct(small / best.r)}`,
      met: small === undefined || best === undefined ? undefined : small >= best.r,
      ...(fileOnly === undefined || best === undefined
        ? {}
        : { bound: `Writing the body to a file, nothing else (raw Node → file: no parsing, no record): ${fileOnly.toFixed(0)} files/s = ${pct(fileOnly / best.r)} of the best peer` }),
    });
    for (const scenario of ['big', 'bigger']) {
      const size = results.scenarios.find((s) => s.id === scenario)?.size;
      const peak = get(scenario, id)?.peakRss;
      checks.push({
        goal: `Peak RSS of the Stowage server${how} < 100 MiB at ${size === undefined ? scenario : formatSize(size)}`,
        measured: peak === undefined ? 'n/a' : `${(peak / MiB).toFixed(1)} MiB`,
        met: peak === undefined ? undefined : peak < 100 * MiB,
      });
    }
  }
  // Every scenario the S3 targets ran: the issue's 85% is not limited to big files.
  for (const scenario of results.scenarios) {
    const s3 = get(scenario.id, 'stowage-s3');
    const direct = get(scenario.id, 'lib-storage-s3');
    if (s3?.rate === undefined && direct?.rate === undefined) continue;
    const unit = scenario.kind === 'big' ? 'MiB/s' : 'files/s';
    const server = cpu(s3, scenario);
    const uploader = cpu(direct, scenario);
    const receive = cpu(get(scenario.id, PARSE_ONLY), scenario);
    checks.push({
      goal: `S3 path${scenario.kind === 'big' ? `, ${formatSize(scenario.size)}` : `, ${scenario.count} × ${formatSize(scenario.size)}`}: POST /v1/files → Ceph ≥ 85% of a direct lib-storage Upload`,
      measured: s3?.rate === undefined || direct?.rate === undefined ? 'n/a' : `${s3.rate.toFixed(0)} vs ${direct.rate.toFixed(0)} ${unit} = ${pct(s3.rate / direct.rate)}`,
      met: s3?.rate === undefined || direct?.rate === undefined ? undefined : s3.rate >= 0.85 * direct.rate,
      ...(server === undefined || uploader === undefined
        ? {}
        : { bound: `Server CPU ${server} against the direct uploader's ${uploader}${receive === undefined ? '' : `; receiving the form alone (busboy → file) costs ${receive}`}, on the cores Ceph uses too` }),
    });
  }
  const discard = rate('big', 'discard');
  const fastest = Math.max(...results.measurements.filter((m) => m.scenario === 'big' && m.target !== 'discard').map((m) => m.rate ?? 0));
  checks.push({
    goal: 'The client is not the bottleneck: its ceiling (discard) above every other target',
    measured: discard === undefined ? 'n/a' : `${discard.toFixed(0)} MiB/s vs the fastest other ${fastest.toFixed(0)} MiB/s`,
    met: discard === undefined ? undefined : discard > fastest,
  });
  return checks;
}

/** A target's CPU per GiB (big files) or per file (small ones), as the tables show it. */
function cpu(m: Measurement | undefined, scenario: Scenario): string | undefined {
  if (m?.cpuMs === undefined || m.rate === undefined) return undefined;
  return scenario.kind === 'big' ? `${(m.cpuMs / 1000 / (scenario.size / 1024 ** 3)).toFixed(2)} s/GiB` : `${(m.cpuMs / scenario.count).toFixed(2)} ms/file`;
}

function pct(ratio: number): string {
  return `${(ratio * 100).toFixed(0)}%`;
}

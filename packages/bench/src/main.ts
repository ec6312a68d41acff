import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { describeMachine } from './machine.js';
import { mergeResults } from './merge.js';
import { writeReport, type Results } from './report.js';
import { measure, type Measurement, type Scenario } from './run.js';
import { startBenchS3, type BenchS3 } from './s3.js';
import { GiB, KiB, MiB } from './stats.js';
import { TARGETS } from './targets.js';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const REPO_DIR = join(PACKAGE_DIR, '..', '..');

const HELP = `Usage: pnpm bench [-- options]

  --quick              small sizes (64 MiB, 256 MiB, 200 small files), for developing the harness
  --only <ids>         comma-separated target ids (${TARGETS.map((t) => t.id).join(', ')})
  --scenarios <ids>    comma-separated: big, bigger, small
  --reps <n>           repetitions after the warm-up (default 3)
  --no-s3              leave out the S3 targets (no Ceph)
  --cpu-prof <ids>     write V8 CPU profiles of these targets' processes (one file per thread) to packages/bench/profiles
  --merge              merge this run's scenarios into results/full.json (replacing those scenarios),
                       then rewrite BENCHMARKS.md: a full run taken in parts
  --report-only        rewrite BENCHMARKS.md and the chart from results/full.json
`;

function scenarios(quick: boolean): Scenario[] {
  return quick
    ? [
        { id: 'big', kind: 'big', size: 64 * MiB, warmupSize: 16 * MiB },
        { id: 'bigger', kind: 'big', size: 256 * MiB, warmupSize: 16 * MiB },
        { id: 'small', kind: 'small', size: 16 * KiB, count: 200, concurrency: 16, warmupCount: 50 },
      ]
    : [
        { id: 'big', kind: 'big', size: 1 * GiB, warmupSize: 64 * MiB },
        { id: 'bigger', kind: 'big', size: 4 * GiB, warmupSize: 64 * MiB },
        { id: 'small', kind: 'small', size: 16 * KiB, count: 1000, concurrency: 16, warmupCount: 4000 },
      ];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((a) => a !== '--'),
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      scenarios: { type: 'string' },
      reps: { type: 'string', default: '3' },
      'no-s3': { type: 'boolean', default: false },
      'cpu-prof': { type: 'string' },
      'report-only': { type: 'boolean', default: false },
      merge: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const resultsDir = join(PACKAGE_DIR, 'results');
  if (values['report-only']) {
    const results = JSON.parse(await readFile(join(resultsDir, 'full.json'), 'utf8')) as Results;
    await writeReport(results, REPO_DIR);
    return;
  }
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const only = values.only?.split(',');
  const targets = TARGETS.filter((t) => only === undefined || only.includes(t.id));
  const wanted = values.scenarios?.split(',');
  const chosen = scenarios(values.quick).filter((s) => wanted === undefined || wanted.includes(s.id));
  const reps = Number(values.reps);
  if (!Number.isInteger(reps) || reps < 1) throw new Error('--reps: expected a whole number of at least 1');
  const profiled = values['cpu-prof']?.split(',') ?? [];
  const profileDir = join(PACKAGE_DIR, 'profiles');
  if (profiled.length > 0) await mkdir(profileDir, { recursive: true });

  const startedAt = new Date().toISOString();
  const machine = describeMachine(tmpdir());
  log(`stowage bench: ${values.quick ? 'quick' : 'full'} run, ${machine.cores} × ${machine.cpu}, Node ${machine.node}, load ${machine.load.join(' ')}`);
  // Objects live in the OSD's RAM, and the gateway frees deleted ones hours later: room for every
  // byte the S3 targets will send in this run (a full OSD blocks writes instead of failing them).
  const s3Targets = values['no-s3'] ? [] : targets.filter((t) => t.s3 === true);
  const s3Bytes = chosen.reduce((sum, s) => {
    const runs = s3Targets.filter((t) => s.kind !== 'big' || t.maxBigSize === undefined || s.size <= t.maxBigSize.bytes).length;
    const perTarget = s.kind === 'big' ? s.warmupSize + reps * s.size : (s.warmupCount + reps * s.count) * s.size;
    return sum + runs * perTarget;
  }, 0);
  let s3: BenchS3 | undefined;
  if (s3Bytes > 0) {
    log('starting the test S3 server (Ceph)…');
    s3 = await startBenchS3(Math.ceil((s3Bytes * 1.25) / GiB + 1) * GiB, log);
  }
  const measurements: Measurement[] = [];
  const leftovers: string[] = [];
  try {
    for (const scenario of chosen) {
      log(`scenario ${scenario.id}`);
      for (const target of targets) {
        measurements.push(
          await measure(target, scenario, {
            reps,
            ...(s3 === undefined ? {} : { s3 }),
            nodeArgs: (t) => (profiled.includes(t.id) ? ['--cpu-prof', '--cpu-prof-dir', join(profileDir, `${t.id}-${scenario.id}-${Date.now()}`)] : []),
            log,
            ...(process.env.STOWAGE_BENCH_DELETE_SMALL === '1' ? {} : { leftovers }),
          }),
        );
      }
    }
  } finally {
    await s3?.stop();
    await Promise.all(leftovers.map((dir) => rm(dir, { recursive: true, force: true })));
  }
  const results: Results = {
    startedAt,
    finishedAt: new Date().toISOString(),
    quick: values.quick,
    reps,
    machine,
    scenarios: chosen,
    targets: targets.map(({ id, label, group }) => ({ id, label, group })),
    measurements,
  };
  await mkdir(resultsDir, { recursive: true });
  const complete = !values.quick && only === undefined && wanted === undefined;
  if (values.merge && !values.quick && only === undefined) {
    const previous = await readFile(join(resultsDir, 'full.json'), 'utf8').catch(() => undefined);
    const merged = previous === undefined ? results : mergeResults(JSON.parse(previous) as Results, results);
    await writeFile(join(resultsDir, 'full.json'), `${JSON.stringify(merged, null, 2)}\n`);
    await writeReport(merged, REPO_DIR);
    log(`merged into ${join(resultsDir, 'full.json')}; BENCHMARKS.md rewritten`);
    return;
  }
  const file = join(resultsDir, complete ? 'full.json' : 'partial.json');
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
  log(`results: ${file}`);
  if (complete) await writeReport(results, REPO_DIR);
  else log('(a partial or quick run: BENCHMARKS.md is written only by a full run, or with --merge)');
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

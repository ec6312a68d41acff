import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';

/** The machine a run was taken on, as the report describes it. */
export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  kernel: string;
  os: string;
  node: string;
  /** The filesystem the servers wrote to. */
  disk: string;
  load: number[];
  /** The repository's commit, and whether the working tree had changes (the packages are built from it). */
  commit?: string;
}

/** Describes this machine; `dir` is where the servers write. */
export function describeMachine(dir: string): Machine {
  const os = /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(safeRead('/etc/os-release'))?.[1] ?? 'unknown';
  let disk = 'unknown';
  try {
    // The filesystem type only: device names and paths say nothing to a reader.
    disk = execFileSync('df', ['-T', dir], { encoding: 'utf8' }).trim().split('\n')[1]?.split(/\s+/)[1] ?? disk;
  } catch {
    // df is only a nicety.
  }
  let commit: string | undefined;
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    // The bench's own outputs (this page, the chart, saved results, the findings text) do not change what is measured.
    const outputs = ['BENCHMARKS.md', 'docs/benchmarks.svg', 'packages/bench/results', 'packages/bench/findings.md'].map((path) => `:(top,exclude)${path}`);
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no', '--', ':(top)', ...outputs], { encoding: 'utf8' }).trim() !== '';
    commit = dirty ? `${head} plus uncommitted changes` : head;
  } catch {
    // Not a git checkout: nothing to say.
  }
  return {
    ...(commit === undefined ? {} : { commit }),
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    kernel: release(),
    os,
    node: process.version,
    disk,
    load: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

import { GiB, KiB, MiB } from './stats.js';
import type { Results } from './report.js';
import type { Measurement } from './run.js';

/** One measured target, every repetition alike (a test fixture). */
export function m(target: string, scenario: string, rate: number, peakMiB: number): Measurement {
  return { target, scenario, unit: scenario === 'small' ? 'files/s' : 'MiB/s', reps: [{ rate, p50Ms: 1, p99Ms: 2, peakRss: peakMiB * MiB, cpuMs: 500 }], rate, p50Ms: 1, p99Ms: 2, peakRss: peakMiB * MiB, cpuMs: 500, idleRss: 40 * MiB, load: 0.5 };
}

/** A small run: ceilings, one peer and Stowage, big and small files. */
export const results: Results = {
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

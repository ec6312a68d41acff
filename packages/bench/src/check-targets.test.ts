import { describe, expect, it } from 'vitest';
import { checkTargets } from './check-targets.js';
import type { Results } from './report.js';
import { m, results } from './results-fixture.js';

const withCpu = (measurement: ReturnType<typeof m>, cpuMs: number) => ({ ...measurement, cpuMs });

describe('checkTargets', () => {
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

  it('names the same run\'s ceiling that does less than each target asks', () => {
    const run: Results = {
      ...results,
      measurements: [
        ...results.measurements.filter((x) => !(x.target === 'stowage-files' && x.scenario === 'big')),
        m('stowage-files', 'big', 450, 80),
        m('busboy-file', 'big', 630, 60),
        m('raw-file-8mib', 'small', 752, 60),
      ],
    };
    const [big, small] = checkTargets(run);
    expect(big?.met).toBe(false);
    expect(big?.bound).toBe('Parsing the form and writing the file, nothing else (busboy → file: no hash, no record, no fsync): 630 MiB/s = 63%, of which this target reached 71%');
    expect(small?.met).toBe(false);
    expect(small?.bound).toBe('Writing the body to a file, nothing else (raw Node → file: no parsing, no record): 752 files/s = 94% of the best peer');
  });

  it('gives the S3 path\'s CPU per file against the direct upload\'s and the cost of receiving a form', () => {
    const run: Results = {
      ...results,
      measurements: [
        ...results.measurements,
        withCpu(m('stowage-s3', 'small', 469, 200), 1650),
        withCpu(m('lib-storage-s3', 'small', 958, 130), 600),
        withCpu(m('busboy-file', 'small', 4500, 60), 210),
      ],
    };
    const s3 = checkTargets(run).find((c) => c.goal.startsWith('S3 path'));
    expect(s3?.bound).toBe("Server CPU 1.65 ms/file against the direct uploader's 0.60 ms/file; receiving the form alone (busboy → file) costs 0.21 ms/file, on the cores Ceph uses too");
  });

  it('gives no bound when the ceiling was not measured', () => {
    expect(checkTargets(results).map((c) => c.bound)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });
});

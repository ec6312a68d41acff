import { access, mkdtemp, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChild, type Child } from './child.js';
import { removeStoredFiles } from './cleanup.js';
import { uploadMany, uploadOnce } from './client.js';
import { tusUploadOnce } from './tus-client.js';
import { cpuTimeMs, peakRss, resetPeakRss } from './rss.js';
import { median, MiB, quantile } from './stats.js';
import type { S3Target } from './servers/stowage.js';
import type { Target } from './targets.js';

/** A scenario: one big file per request, or many small files at a concurrency. */
export type Scenario =
  | { id: string; kind: 'big'; size: number; warmupSize: number }
  | { id: string; kind: 'small'; size: number; count: number; concurrency: number; warmupCount: number };

/** One repetition's numbers. */
export interface Rep {
  /** MiB/s (big) or files/s (small). */
  rate: number;
  p50Ms: number;
  p99Ms: number;
  peakRss: number;
  /** CPU time the target's process used in this repetition (all its threads), ms. */
  cpuMs: number;
  /** The part of `cpuMs` spent in the kernel (system calls, the file system, the network stack), ms. */
  sysMs?: number;
}

/** A target in a scenario: the medians of its repetitions, or why it has none. */
export interface Measurement {
  target: string;
  scenario: string;
  unit: 'MiB/s' | 'files/s';
  reps: Rep[];
  rate?: number;
  p50Ms?: number;
  p99Ms?: number;
  peakRss?: number;
  cpuMs?: number;
  sysMs?: number;
  /** RSS right after start, before any upload. */
  idleRss?: number;
  /** 1-minute load average when the target started. */
  load: number;
  /** When the target started (ISO). */
  at?: string;
  skipped?: string;
  error?: string;
}

/** What a run needs besides the target and scenario. */
export interface RunContext {
  reps: number;
  s3?: { target: S3Target; empty: () => Promise<void> };
  nodeArgs?: (target: Target) => readonly string[];
  log: (line: string) => void;
  /**
   * Folders whose removal waits for the end of the run (small files). Without a journal, ext4 skips
   * every inode freed in the last 60 s (360 s while its inode-table block is dirty) when it allocates one,
   * so deleting thousands of files between repetitions made every later file creation scan past them: a
   * cost of the benchmark, not of the stacks it measures. When given, small-file targets keep their files
   * until the caller removes these.
   */
  leftovers?: string[];
}

/** Starts the target in a fresh process, warms it up, then measures `reps` repetitions. */
export async function measure(target: Target, scenario: Scenario, ctx: RunContext): Promise<Measurement> {
  const base: Measurement = { target: target.id, scenario: scenario.id, unit: scenario.kind === 'big' ? 'MiB/s' : 'files/s', reps: [], load: loadavg()[0] ?? 0, at: new Date().toISOString() };
  if (scenario.kind === 'big' && target.maxBigSize !== undefined && scenario.size > target.maxBigSize.bytes) return { ...base, skipped: target.maxBigSize.reason };
  if (target.s3 === true && ctx.s3 === undefined) return { ...base, skipped: 'no S3 server in this run' };
  if (target.tus !== undefined && scenario.kind === 'small') return { ...base, skipped: 'resumable uploads are for big files; small ones go through POST' };
  if (target.group === 'stowage' || target.group === 's3') await waitForBuilds(ctx.log);
  const dir = await mkdtemp(join(tmpdir(), `stowage-bench-${target.id}-`));
  const keepFiles = scenario.kind === 'small' && ctx.leftovers !== undefined;
  let child: Child | undefined;
  try {
    child = await startChild(target.server, { dir, ...(target.s3 === true && ctx.s3 !== undefined ? { s3: ctx.s3.target } : {}), nodeArgs: ctx.nodeArgs?.(target) ?? [] });
    const running = child;
    const idleRss = await peakRss(running.pid);
    const cleanup = async () => {
      if (!keepFiles) await removeStoredFiles(dir);
      if (target.s3 === true) await ctx.s3?.empty();
    };
    // The warm-up (JIT, connections, folders) is a smaller upload, or fewer small files.
    const once = (warmup: boolean) =>
      scenario.kind === 'big' ? bigOnce(target, running, warmup ? scenario.warmupSize : scenario.size, scenario.id) : smallOnce(target, running, scenario, warmup);
    await once(true);
    await cleanup();
    const reps: Rep[] = [];
    for (let i = 0; i < ctx.reps; i++) {
      await resetPeakRss(running.pid);
      const cpuBefore = await cpuTimeMs(running.pid);
      const { rate, latencies } = await once(false);
      const cpuAfter = await cpuTimeMs(running.pid);
      const cpuMs = cpuAfter.total - cpuBefore.total;
      const sysMs = cpuAfter.system - cpuBefore.system;
      const rep = { rate, p50Ms: quantile(latencies, 0.5), p99Ms: quantile(latencies, 0.99), peakRss: await peakRss(running.pid), cpuMs, sysMs };
      reps.push(rep);
      ctx.log(`  ${target.id} ${scenario.id} rep ${i + 1}: ${rep.rate.toFixed(1)} ${base.unit}, p50 ${rep.p50Ms.toFixed(1)} ms, p99 ${rep.p99Ms.toFixed(1)} ms, peak RSS ${(rep.peakRss / MiB).toFixed(1)} MiB, CPU ${rep.cpuMs.toFixed(0)} ms`);
      await cleanup();
    }
    return {
      ...base,
      reps,
      idleRss,
      rate: median(reps.map((r) => r.rate)),
      p50Ms: median(reps.map((r) => r.p50Ms)),
      p99Ms: median(reps.map((r) => r.p99Ms)),
      peakRss: median(reps.map((r) => r.peakRss)),
      cpuMs: median(reps.map((r) => r.cpuMs)),
      sysMs: median(reps.map((r) => r.sysMs ?? 0)),
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    ctx.log(`  ${target.id} ${scenario.id} FAILED: ${message}`);
    // A route this build of the server does not have yet is reported as such, not as a failure.
    if (target.form !== undefined && message.startsWith(`POST ${target.form.path} answered 404`)) return { ...base, skipped: `not in this build of the server (POST ${target.form.path} answered 404)` };
    return { ...base, error: message };
  } finally {
    await child?.stop();
    if (keepFiles) ctx.leftovers?.push(dir);
    else await rm(dir, { recursive: true, force: true });
  }
}

async function bigOnce(target: Target, child: Child, size: number, scenarioId: string): Promise<{ rate: number; latencies: number[] }> {
  let ms: number;
  if (target.tus !== undefined) {
    ms = (await tusUploadOnce(`http://127.0.0.1:${child.port}`, target.tus.path, size, target.tus.chunkSize)).ms;
  } else if (target.form === undefined) {
    const done = await child.command({ type: 'big', size, key: `${scenarioId}/${Date.now()}` });
    if (done.error !== undefined || done.ms === undefined) throw new Error(done.error ?? 'no timing');
    ms = done.ms;
  } else {
    const timing = await uploadOnce(`http://127.0.0.1:${child.port}`, target.form, size);
    target.verify?.(timing.body, size);
    ms = timing.ms;
  }
  return { rate: size / MiB / (ms / 1000), latencies: [ms] };
}

async function smallOnce(target: Target, child: Child, scenario: Extract<Scenario, { kind: 'small' }>, warmup: boolean): Promise<{ rate: number; latencies: number[] }> {
  const count = warmup ? scenario.warmupCount : scenario.count;
  let result: { wallMs: number; latencies: number[] };
  if (target.form === undefined) {
    const done = await child.command({ type: 'small', size: scenario.size, count, concurrency: scenario.concurrency, prefix: `${scenario.id}/${Date.now()}/` });
    if (done.error !== undefined || done.wallMs === undefined || done.latencies === undefined) throw new Error(done.error ?? 'no timing');
    result = { wallMs: done.wallMs, latencies: done.latencies };
  } else {
    result = await uploadMany(`http://127.0.0.1:${child.port}`, target.form, scenario.size, count, scenario.concurrency);
  }
  return { rate: count / (result.wallMs / 1000), latencies: result.latencies };
}

// The Stowage targets load the workspace packages' builds. A rebuild elsewhere in the workspace
// empties dist/ for a few seconds: wait for it rather than report a failure.
const BUILDS = ['server', 'core', 'provider-local', 'provider-aws-s3'].map((p) => fileURLToPath(new URL(`../../${p}/dist/index.js`, import.meta.url)));

async function waitForBuilds(log: (line: string) => void): Promise<void> {
  for (let waited = 0; ; waited += 2) {
    const missing = (await Promise.all(BUILDS.map((file) => access(file).then(() => undefined, () => file)))).filter((f) => f !== undefined);
    if (missing.length === 0) return;
    if (waited >= 300) throw new Error(`Not built: ${missing.join(', ')} (run pnpm build)`);
    if (waited === 0) log(`  waiting for the workspace builds (${missing.length} missing)…`);
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

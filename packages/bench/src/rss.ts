import { readFile, writeFile } from 'node:fs/promises';

/** The process's peak resident set size (`VmHWM`) in bytes, from `/proc`. */
export async function peakRss(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const found = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status);
  if (found === null) throw new Error(`No VmHWM in /proc/${pid}/status`);
  return Number(found[1]) * 1024;
}

/**
 * Resets the peak to the current RSS (Linux `clear_refs` value 5), so that each repetition reports its
 * own peak instead of the largest since the process started.
 */
export async function resetPeakRss(pid: number): Promise<void> {
  await writeFile(`/proc/${pid}/clear_refs`, '5');
}

/** CPU time the process has used so far (all threads), in milliseconds: in total and in the kernel. */
export async function cpuTimeMs(pid: number): Promise<{ total: number; system: number }> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces), from field 3 on: utime is 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const user = (Number(fields[11]) * 1000) / CLOCK_TICKS;
  const system = (Number(fields[12]) * 1000) / CLOCK_TICKS;
  return { total: user + system, system };
}

// USER_HZ: 100 on every Linux this runs on (the kernel's ABI value for /proc).
const CLOCK_TICKS = 100;

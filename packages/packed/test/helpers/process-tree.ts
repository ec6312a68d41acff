import { readdirSync, readFileSync } from 'node:fs';

/** Each live process's parent, from /proc (Linux, where these tests run). */
function parents(): Map<number, number> {
  const found = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name (field 2) is in parentheses and may hold spaces; the parent pid follows the state.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      found.set(Number(entry), ppid);
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** The pids of `pid`'s descendants, nearest first. */
export function descendants(pid: number): number[] {
  const all = parents();
  const out: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const current = queue.shift() as number;
    for (const [child, parent] of all) {
      if (parent === current) {
        out.push(child);
        queue.push(child);
      }
    }
  }
  return out;
}

/** A process's command line, words joined by spaces; empty once it has ended. */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

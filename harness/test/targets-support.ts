/** Helpers shared by the targets-*.test.ts files (not a test file itself). */
import { readdirSync, readFileSync } from 'node:fs';

/** Live children of this Node process whose command line mentions `needle` (zombies excluded). */
export function childProcessesRunning(needle: string): number {
  let count = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the parenthesised command name: state, ppid, ...
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state === 'Z' || Number(ppid) !== process.pid) continue;
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(needle)) count++;
    } catch {
      // the process ended while we looked
    }
  }
  return count;
}

/** The error name a rejected SDK call gave, or 'resolved'. */
export async function kmsErrorName(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (e) {
    return (e as Error).name;
  }
}

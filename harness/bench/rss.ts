/**
 * Resident memory of a process tree, read from /proc: `VmRSS` of the process and of every
 * descendant (found by scanning /proc/<pid>/stat for parent ids, so grandchildren count: a JVM
 * behind a shell script, Python behind its venv launcher). `RssSampler` polls it while a large
 * object is moved and keeps the peak. Linux only; elsewhere `available()` is false and the
 * bench records memory as not measured.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';

export const RSS_SAMPLE_MS = 50;

export function rssAvailable(): boolean {
  return existsSync('/proc/self/status');
}

/** VmRSS of one process in bytes, or 0 when it is gone or a kernel thread. */
export function processRssBytes(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The process and all its descendants. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const parent = parentOf(Number(name));
    if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), Number(name)]);
  }
  const tree: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces; the parent id is 2 fields after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[1]);
  } catch {
    return undefined;
  }
}

export function treeRssBytes(root: number): number {
  return processTree(root).reduce((sum, pid) => sum + processRssBytes(pid), 0);
}

/** Polls a tree's RSS every `intervalMs` until stopped; the peak includes the first and last reading. */
export class RssSampler {
  readonly baselineBytes: number;
  #peak: number;
  readonly #timer: NodeJS.Timeout;
  readonly #root: number;

  constructor(root: number, intervalMs = RSS_SAMPLE_MS) {
    this.#root = root;
    this.baselineBytes = treeRssBytes(root);
    this.#peak = this.baselineBytes;
    this.#timer = setInterval(() => this.#sample(), intervalMs);
  }

  #sample(): void {
    this.#peak = Math.max(this.#peak, treeRssBytes(this.#root));
  }

  stop(): { baselineBytes: number; peakBytes: number; growthBytes: number } {
    clearInterval(this.#timer);
    this.#sample();
    return { baselineBytes: this.baselineBytes, peakBytes: this.#peak, growthBytes: this.#peak - this.baselineBytes };
  }
}

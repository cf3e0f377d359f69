/**
 * Timing a wrapper against its baseline: raw and wrapped repetitions interleaved, so drift in
 * CPU frequency, neighbours' load, allocator and GC state falls on both alike. Within each round
 * the order alternates (raw first, then wrapped first), and the ratio is taken per round, between
 * two runs seconds apart. A full garbage collection before every timed run keeps one run's
 * garbage from being collected (and paid for) in the next.
 *
 * Each run is measured twice: wall time, and the process's CPU time (user + system, all threads).
 * On a machine shared with other jobs, wall time also counts the time spent waiting for a core;
 * CPU time does not, so its ratio is the steadier one there.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { spread, type Spread } from './stats.js';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

export interface Comparison {
  /** Wall milliseconds per timed run. */
  readonly rawMs: Spread;
  readonly wrappedMs: Spread;
  /** raw time / wrapped time, one per round: 1.00 means no overhead. */
  readonly ratio: Spread;
  /** The same from CPU time. */
  readonly cpuRatio: Spread;
}

interface Timing {
  readonly ms: number;
  readonly cpuMs: number;
}

async function timed(run: () => Promise<number>, expectBytes: number): Promise<Timing> {
  collectGarbage();
  const cpu = process.cpuUsage();
  const start = performance.now();
  const bytes = await run();
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  if (bytes !== expectBytes) throw new Error(`a workload produced ${bytes} bytes, expected ${expectBytes}`);
  return { ms, cpuMs: (used.user + used.system) / 1000 };
}

/** `warmup` untimed rounds, then `rounds` timed ones; both workloads must produce `expectBytes` bytes. */
export async function interleave(raw: () => Promise<number>, wrapped: () => Promise<number>, expectBytes: number, rounds: number, warmup = 1): Promise<Comparison> {
  for (let i = 0; i < warmup; i++) {
    await timed(raw, expectBytes);
    await timed(wrapped, expectBytes);
  }
  const rawMs: Timing[] = [];
  const wrappedMs: Timing[] = [];
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      rawMs.push(await timed(raw, expectBytes));
      wrappedMs.push(await timed(wrapped, expectBytes));
    } else {
      wrappedMs.push(await timed(wrapped, expectBytes));
      rawMs.push(await timed(raw, expectBytes));
    }
  }
  return {
    rawMs: spread(rawMs.map((t) => t.ms)),
    wrappedMs: spread(wrappedMs.map((t) => t.ms)),
    ratio: spread(rawMs.map((r, i) => r.ms / wrappedMs[i]!.ms)),
    cpuRatio: spread(rawMs.map((r, i) => r.cpuMs / wrappedMs[i]!.cpuMs)),
  };
}

/** Order statistics for the benches: figures to print, never assertions. */

/** The p-th percentile (0–100) of `sorted` (ascending), by the nearest-rank method. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function ascending(values: Iterable<number>): number[] {
  return [...values].sort((a, b) => a - b);
}

/** Fisher–Yates, in place, with Math.random: the benches interleave work, they need no seed. */
export function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** A positive integer option `--name N`, or `fallback`. */
export function intOption(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`--${name} needs a positive integer`);
  return value;
}

/** Median, quartiles (nearest rank) and range of some samples: the spread beside a median. */
export interface Spread {
  readonly median: number;
  readonly q1: number;
  readonly q3: number;
  readonly min: number;
  readonly max: number;
}

export function spread(values: Iterable<number>): Spread {
  const sorted = ascending(values);
  const mid = sorted.length / 2;
  const median = sorted.length % 2 === 1 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, q1: percentile(sorted, 25), q3: percentile(sorted, 75), min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

/** `0.97 (IQR 0.95–0.98, range 0.93–1.00)` */
export function formatSpread(s: Spread, digits = 2): string {
  const f = (n: number) => n.toFixed(digits);
  return `${f(s.median)} (IQR ${f(s.q1)}–${f(s.q3)}, range ${f(s.min)}–${f(s.max)})`;
}

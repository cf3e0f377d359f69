/**
 * The performance report: every figure of a bench run, each implementation's figures as ratios
 * to raw S3 (same size and operation, same run) and to the reference (same configuration when
 * the reference has it, else its headline one), and one bounded-memory verdict per
 * implementation at the largest object it moved:
 *
 * - `bounded`: peak RSS growth of the adapter's process tree within the ceiling (256 MiB);
 * - `buffers`: over the ceiling, or at least half the object, without a streaming claim;
 * - `fail`: the adapter claimed to stream (`S3CSE-Streamed`) and grew past the ceiling.
 *
 * Only `fail` verdicts gate (with crashes); timings never do.
 */
import type { RssFigure, SizeFigures } from './measure.js';
import type { BenchConfiguration } from './movers.js';

export const RSS_CEILING_BYTES = 256 << 20;
/** Errors that stop a configuration because the adapter broke, not because a client refused. */
const CRASH_CODES = new Set(['adapter-unreachable', 'wrong-bytes', 'did-not-start']);

export interface ConfigurationRun extends BenchConfiguration {
  readonly streamed: boolean;
  readonly sizes: SizeFigures[];
}

export interface ImplementationRun {
  readonly id: string;
  readonly name?: string;
  readonly version?: string;
  readonly language?: string;
  readonly error?: { readonly code: string; readonly message: string };
  readonly configurations: ConfigurationRun[];
}

export interface MemoryVerdict {
  readonly verdict: 'bounded' | 'buffers' | 'fail' | 'not-measured';
  readonly size?: number;
  readonly growthBytes?: number;
  readonly peakBytes?: number;
  readonly streamingClaim: boolean;
  readonly detail: string;
}

export interface Ratio {
  readonly format: string;
  readonly key: string;
  readonly size: number;
  readonly op: 'put' | 'get';
  readonly mibPerSec: number;
  readonly toRaw: number | null;
  readonly toReference: number | null;
}

export interface PerformanceReport {
  readonly format: 's3cse-performance-report';
  readonly version: 1;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly target: 'embedded';
  readonly note?: string;
  readonly settings: { readonly sizes: readonly number[]; readonly smallObjects: number; readonly capMs: number; readonly rssCeilingBytes: number };
  readonly raw: SizeFigures[];
  readonly implementations: (ImplementationRun & { readonly memory: MemoryVerdict; readonly ratios: Ratio[] })[];
  readonly gating: string[];
}

export interface BenchRecord {
  readonly startedAt: string;
  readonly durationMs: number;
  readonly note?: string;
  readonly settings: { readonly sizes: readonly number[]; readonly smallObjects: number; readonly capMs: number };
  readonly raw: SizeFigures[];
  readonly runs: ImplementationRun[];
}

const mib = (n: number): string => (n / (1 << 20)).toFixed(0);
const ratio = (a: number, b: number | undefined): number | null => (b && b > 0 ? Math.round((a / b) * 100) / 100 : null);

function figuresOf(sizes: readonly SizeFigures[], size: number): Extract<SizeFigures, { put: unknown }> | undefined {
  const f = sizes.find((s) => s.size === size);
  return f && 'put' in f ? f : undefined;
}

/** RSS figures of one size: PUT and GET, or what a failed run saw before it failed. */
function rssOf(f: SizeFigures): RssFigure[] {
  return 'put' in f ? [f.put.rss, f.get.rss].filter((r): r is RssFigure => r !== undefined) : f.rss ? [f.rss] : [];
}

/**
 * The verdict at the largest size that moved with RSS sampled; a larger run that failed is
 * named in the detail, and its own growth counts when it already broke the ceiling.
 */
export function memoryVerdict(run: ImplementationRun): MemoryVerdict {
  const headline = run.configurations[0];
  const streamingClaim = headline?.streamed ?? false;
  const sampled = [...(headline?.sizes ?? [])].reverse().filter((f) => rssOf(f).length > 0);
  const ok = sampled.find((f) => 'put' in f);
  const failed = sampled.find((f) => 'error' in f && (!ok || f.size > ok.size));
  const failedOver = failed && Math.max(...rssOf(failed).map((r) => r.growthBytes)) > RSS_CEILING_BYTES;
  const measured = failedOver ? failed : (ok ?? failed);
  if (!headline || !measured) return { verdict: 'not-measured', streamingClaim, detail: run.error ? run.error.message : 'no large object moved' };
  const top = rssOf(measured).reduce((a, b) => (b.growthBytes > a.growthBytes ? b : a));
  const base = { size: measured.size, growthBytes: top.growthBytes, peakBytes: top.peakBytes, streamingClaim };
  const failure = failed && 'error' in failed ? `; the ${mib(failed.size)} MiB run failed (${failed.error.code})` : '';
  if (top.growthBytes > RSS_CEILING_BYTES && streamingClaim)
    return { ...base, verdict: 'fail', detail: `claims streaming, peak RSS growth ${mib(top.growthBytes)} MiB > ${mib(RSS_CEILING_BYTES)} MiB on ${mib(measured.size)} MiB${failure}` };
  if (top.growthBytes > RSS_CEILING_BYTES || top.growthBytes >= measured.size / 2)
    return { ...base, verdict: 'buffers', detail: `buffers: peak RSS growth ${mib(top.growthBytes)} MiB on ${mib(measured.size)} MiB${failure}` };
  return { ...base, verdict: 'bounded', detail: `peak RSS growth ${mib(top.growthBytes)} MiB on ${mib(measured.size)} MiB${streamingClaim ? ' (streams)' : ''}${failure}` };
}

function ratiosOf(run: ImplementationRun, raw: readonly SizeFigures[], reference: ImplementationRun | undefined): Ratio[] {
  const out: Ratio[] = [];
  for (const c of run.configurations)
    for (const f of c.sizes) {
      if (!('put' in f)) continue;
      const rawF = figuresOf(raw, f.size);
      const refConfig = reference?.configurations.find((r) => r.format === c.format && r.key === c.key && figuresOf(r.sizes, f.size)) ?? reference?.configurations[0];
      const refF = refConfig ? figuresOf(refConfig.sizes, f.size) : undefined;
      for (const op of ['put', 'get'] as const)
        out.push({
          format: c.format,
          key: c.key,
          size: f.size,
          op,
          mibPerSec: f[op].mibPerSec,
          toRaw: ratio(f[op].mibPerSec, rawF?.[op].mibPerSec),
          toReference: ratio(f[op].mibPerSec, refF?.[op].mibPerSec),
        });
    }
  return out;
}

export function buildPerformanceReport(record: BenchRecord): PerformanceReport {
  const reference = record.runs.find((r) => r.id === 'reference');
  const implementations = record.runs.map((run) => ({ ...run, memory: memoryVerdict(run), ratios: ratiosOf(run, record.raw, reference) }));
  const gating: string[] = [];
  for (const i of implementations) {
    if (i.memory.verdict === 'fail') gating.push(`${i.id}: ${i.memory.detail}`);
    if (i.error && CRASH_CODES.has(i.error.code)) gating.push(`${i.id}: ${i.error.code}: ${i.error.message}`);
    for (const c of i.configurations)
      for (const f of c.sizes) if ('error' in f && CRASH_CODES.has(f.error.code)) gating.push(`${i.id} ${c.format}/${c.key} ${f.size}: ${f.error.code}: ${f.error.message}`);
  }
  return {
    format: 's3cse-performance-report',
    version: 1,
    startedAt: record.startedAt,
    durationMs: record.durationMs,
    target: 'embedded',
    ...(record.note ? { note: record.note } : {}),
    settings: { ...record.settings, rssCeilingBytes: RSS_CEILING_BYTES },
    raw: record.raw,
    implementations,
    gating,
  };
}

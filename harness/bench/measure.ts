/**
 * One measurement: `objects` objects of `size` bytes PUT, then GET, through one mover (an
 * adapter's client, or raw S3), each call timed, the mover's process tree sampled for RSS while
 * large objects move. Small objects are latency-bound (ops/s, p50/p95); large ones
 * throughput-bound (MiB/s). A failure is recorded with its code, never thrown.
 */
import { BenchError, benchErrorCode } from './errors.js';
import { RssSampler } from './rss.js';

/** Objects of at least this size are throughput-bound and get RSS sampling. */
export const LARGE_OBJECT_BYTES = 8 << 20;
const MiB = 1 << 20;

export interface Mover {
  put(key: string, size: number): Promise<void>;
  get(key: string, size: number): Promise<void>;
  remove(key: string): Promise<void>;
  /** The process tree to sample (the adapter's); absent for raw S3 (the harness itself). */
  readonly pid?: number | undefined;
}

export interface RssFigure {
  readonly baselineBytes: number;
  readonly peakBytes: number;
  readonly growthBytes: number;
}

export interface OpFigures {
  readonly op: 'put' | 'get';
  readonly objects: number;
  readonly totalMs: number;
  readonly mibPerSec: number;
  readonly opsPerSec: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly rss?: RssFigure;
}

export type SizeFigures =
  | { readonly size: number; readonly put: OpFigures; readonly get: OpFigures; readonly streamed?: boolean }
  | { readonly size: number; readonly error: { readonly code: string; readonly message: string }; readonly rss?: RssFigure };

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function timed(op: 'put' | 'get', keys: readonly string[], size: number, mover: Mover, capMs: number): Promise<OpFigures> {
  const sampler = size >= LARGE_OBJECT_BYTES && mover.pid !== undefined ? new RssSampler(mover.pid) : undefined;
  const latencies: number[] = [];
  const started = performance.now();
  try {
    for (const key of keys) {
      const t0 = performance.now();
      await withCap(op === 'put' ? mover.put(key, size) : mover.get(key, size), capMs, `${op} of ${size} bytes`);
      latencies.push(performance.now() - t0);
    }
  } catch (e) {
    const rss = sampler?.stop();
    throw Object.assign(e as Error, { rss });
  }
  const totalMs = performance.now() - started;
  const rss = sampler?.stop();
  latencies.sort((a, b) => a - b);
  return {
    op,
    objects: keys.length,
    totalMs: round(totalMs),
    mibPerSec: round((size * keys.length) / MiB / (totalMs / 1000)),
    opsPerSec: round(keys.length / (totalMs / 1000)),
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    ...(rss ? { rss } : {}),
  };
}

/** A call that takes longer than the cap is abandoned (the bench says so in the report). */
async function withCap<T>(p: Promise<T>, capMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const cap = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BenchError('timeout', `${what} took longer than the ${Math.round(capMs / 1000)} s cap`)), capMs);
  });
  try {
    return await Promise.race([p, cap]);
  } finally {
    clearTimeout(timer);
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

export async function measureSize(mover: Mover, prefix: string, size: number, objects: number, capMs: number): Promise<SizeFigures> {
  const keys = Array.from({ length: objects }, (_, i) => `${prefix}-${size}-${i}`);
  try {
    const put = await timed('put', keys, size, mover, capMs);
    const get = await timed('get', keys, size, mover, capMs);
    return { size, put, get };
  } catch (e) {
    const rss = (e as { rss?: RssFigure }).rss;
    return { size, error: { code: benchErrorCode(e), message: (e as Error).message.slice(0, 400) }, ...(rss ? { rss } : {}) };
  } finally {
    for (const key of keys) await mover.remove(key).catch(() => undefined);
  }
}

/**
 * `s3cse bench --impl A,B --sizes … --out DIR`: the performance suite. On the embedded target it
 * times raw S3 PUT/GET of each size (the baseline), then each implementation's PUT/GET through
 * its adapter for every configuration (format × key) it claims to write and read: small sizes
 * for every configuration, sizes above 8 MiB for its headline one (newest format, KMS first).
 * Sizes above 256 MiB run only for an implementation that did not hold the 256 MiB object in
 * memory (it would hold the 2 GiB one too). Writes performance.json / .md / .html (report.ts).
 */
import { announceKeysFile } from '../environment.js';
import { adapterKeys } from '../adapter-keys.js';
import { openParticipant, resolveParticipants } from '../run-implementations.js';
import type { AdapterSession } from '../supervisor/session.js';
import { isUnavailable, type RunningTarget } from '../targets/target.js';
import { startTarget } from '../targets/index.js';
import { claims } from '../../suites/cross/vocabulary.js';
import { KEY_KINDS, WRITE_FORMATS } from '../../protocol/vocabulary.js';
import { BenchError } from './errors.js';
import { LARGE_OBJECT_BYTES, measureSize, type SizeFigures } from './measure.js';
import { adapterMover, rawMover, type BenchConfiguration } from './movers.js';
import { buildPerformanceReport, type ImplementationRun, type PerformanceReport } from './report.js';

export const DEFAULT_BENCH_SIZES: readonly number[] = [1024, 8 << 20, 256 << 20, 2 * 1024 ** 3];
export const DEFAULT_SMALL_OBJECTS = 200;
/** A call of one object taking longer is abandoned (a client that would take > 5 min on 2 GiB). */
export const DEFAULT_CAP_MS = 300_000;
/** Sizes above this run only where the adapter did not buffer the previous large size. */
export const BUFFERING_PROBE_LIMIT = 256 << 20;

export interface BenchOptions {
  readonly impls: readonly string[];
  readonly sizes?: readonly number[];
  readonly smallObjects?: number;
  readonly capMs?: number;
  readonly note?: string;
  readonly log?: (line: string) => void;
}

const BUCKET = 's3cse-bench';

export async function runBench(options: BenchOptions): Promise<PerformanceReport> {
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const sizes = [...(options.sizes ?? DEFAULT_BENCH_SIZES)].sort((a, b) => a - b);
  if (sizes.length === 0 || sizes.some((n) => !Number.isSafeInteger(n) || n <= 0)) throw new BenchError('usage', '--sizes must be positive integers');
  const participants = resolveParticipants(options.impls, undefined, undefined);
  announceKeysFile(log);
  const target = await startTarget('embedded', { log });
  if (isUnavailable(target)) throw new BenchError('usage', `embedded target unavailable: ${target.reason}`);
  const started = new Date();
  try {
    await target.ensureBucket(BUCKET);
    const settings = { sizes, smallObjects: options.smallObjects ?? DEFAULT_SMALL_OBJECTS, capMs: options.capMs ?? DEFAULT_CAP_MS };
    const raw: SizeFigures[] = [];
    for (const size of sizes) {
      log(`raw S3: ${size} bytes`);
      raw.push(await measureSize(rawMover(target.s3, BUCKET), 'raw', size, objectsFor(size, settings.smallObjects), settings.capMs));
    }
    const runs: ImplementationRun[] = [];
    const keys = await adapterKeys(target);
    for (const p of participants) runs.push(await benchOne(target, p, keys, settings, log));
    return buildPerformanceReport({ startedAt: started.toISOString(), durationMs: Date.now() - started.getTime(), settings, raw, runs, ...(options.note ? { note: options.note } : {}) });
  } finally {
    await target.stop();
  }
}

function objectsFor(size: number, small: number): number {
  return size < LARGE_OBJECT_BYTES ? small : 1;
}

/** Every (format, key) the implementation both writes and reads, newest format and KMS first. */
export function benchConfigurations(session: Pick<AdapterSession, 'info'>): BenchConfiguration[] {
  const out: BenchConfiguration[] = [];
  const kinds = ['kms', ...KEY_KINDS.filter((k) => k !== 'kms')] as const;
  for (const format of [...WRITE_FORMATS].reverse())
    for (const key of kinds) {
      const c = { format, key, storage: 'metadata' as const };
      if (claims(session.info.write, c) && claims(session.info.read, c)) out.push({ format, key });
    }
  return out;
}

interface Settings {
  readonly sizes: readonly number[];
  readonly smallObjects: number;
  readonly capMs: number;
}

type Keys = Awaited<ReturnType<typeof adapterKeys>>;

async function benchOne(target: RunningTarget, p: ReturnType<typeof resolveParticipants>[number], keys: Keys, settings: Settings, log: (l: string) => void): Promise<ImplementationRun> {
  let session: AdapterSession;
  try {
    session = await openParticipant(p, { env: target.childEnv(), keys, log });
  } catch (e) {
    return { id: p.id, error: { code: 'did-not-start', message: (e as Error).message.slice(0, 400) }, configurations: [] };
  }
  try {
    const configurations: ImplementationRun['configurations'] = [];
    const all = benchConfigurations(session);
    for (const [i, config] of all.entries()) {
      const figures: SizeFigures[] = [];
      const mover = await adapterMover(session, target.s3, BUCKET, config, keys);
      for (const size of settings.sizes) {
        if (size > LARGE_OBJECT_BYTES && i > 0) continue;
        const skip = skipReason(size, figures);
        if (skip) {
          figures.push({ size, error: { code: 'buffers', message: skip } });
          continue;
        }
        log(`${session.info.id} ${config.format}/${config.key}: ${size} bytes`);
        figures.push(await measureSize(mover, `${session.info.id}-${config.format}-${config.key}`, size, objectsFor(size, settings.smallObjects), settings.capMs));
      }
      configurations.push({ ...config, streamed: mover.streamed, sizes: figures });
    }
    return { id: session.info.id, name: session.info.name, version: session.info.version, language: session.info.language, configurations };
  } finally {
    await session.close();
  }
}

/**
 * A size past the probe limit is not run after the largest size so far failed (it would fail
 * again, slower), or was held in memory (growth of at least half the object).
 */
export function skipReason(size: number, done: readonly SizeFigures[]): string | undefined {
  if (size <= BUFFERING_PROBE_LIMIT) return undefined;
  const probe = [...done].reverse().find((f) => f.size >= LARGE_OBJECT_BYTES);
  if (!probe) return undefined;
  if ('error' in probe) return `not run: the ${mib(probe.size)} MiB object already failed (${probe.error.code})`;
  const growth = Math.max(probe.put.rss?.growthBytes ?? 0, probe.get.rss?.growthBytes ?? 0);
  if (growth < probe.size / 2) return undefined;
  return `not run: peak RSS growth ${mib(growth)} MiB on the ${mib(probe.size)} MiB object (the adapter holds whole objects), so a ${mib(size)} MiB object would need more than ${mib(size)} MiB resident`;
}

const mib = (n: number): number => Math.round(n / (1 << 20));

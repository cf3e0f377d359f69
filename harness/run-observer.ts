/**
 * Everything that happens to a case the moment it is judged: known issues applied, its features
 * worked out, its record streamed to report.jsonl, the progress line moved on. `plannedCases`
 * counts the cases a run will judge before the first one, from the claims alone.
 */
import type { ReportHeader, ReportImplementation } from '../reports/jsonl.js';
import { allSuites } from '../suites/index.js';
import { RANGE_SUITE, RANGES, writerConfigurations } from '../suites/cross/ranges.js';
import { RANGE_COST_PREFIX } from '../suites/cross/range-cost.js';
import { CROSS_SUITE } from '../suites/cross/run.js';
import { allConfigurations, claims, configurationId, isLegacyFormat } from '../suites/cross/vocabulary.js';
import { inShard } from '../suites/shard.js';
import type { CaseResult } from '../suites/run.js';
import { featuresOf } from './case-features.js';
import { shardOf } from './run-suites.js';
import { triage, type KnownIssue } from './known-issues.js';
import { RunProgress } from './progress.js';
import { provenance } from './provenance.js';
import { ReportStream } from './report-stream.js';
import { featuresFromClaims } from './supervisor/suite-bridge.js';
import type { AdapterSession } from './supervisor/session.js';

export interface ObserverOptions {
  readonly out: string | undefined;
  readonly target: string;
  readonly suites: readonly string[];
  readonly bridged: readonly string[];
  readonly sizes: readonly number[];
  readonly knownIssues: readonly KnownIssue[];
  readonly shard?: { readonly index: number; readonly count: number };
  /** Implementations whose own results do not count (the reference as `certify`'s peer). */
  readonly peers?: readonly string[];
  /** `--repeat K`: every corpus case K times. */
  readonly repeat?: number;
}

export class RunObserver {
  readonly stream: ReportStream | undefined;
  readonly #progress: RunProgress;
  readonly #issues: readonly KnownIssue[];

  constructor(sessions: readonly AdapterSession[], options: ObserverOptions) {
    this.#issues = options.knownIssues;
    this.#progress = new RunProgress(plannedCases(sessions, options));
    this.stream = options.out === undefined ? undefined : new ReportStream(options.out, reportHeader(sessions, options));
  }

  observe(r: CaseResult): void {
    const t = triage([r], this.#issues);
    const features = featuresOf(r);
    this.stream?.record(t.results[0] ?? r, { ...(features ? { featuresOf: features } : {}), ...(t.unexpectedPasses.length > 0 ? { unexpectedPass: true } : {}) });
    // A ranged read's byte-cost verdict follows the read it measures; progress counts the read.
    if (!r.id.startsWith(RANGE_COST_PREFIX)) this.#progress.observe(r);
  }

  finish(end: { exitStatus: number; gating: number }): void {
    this.#progress.done();
    this.stream?.finish({ interrupted: false, ...end });
  }
}

export function reportHeader(sessions: readonly AdapterSession[], options: ObserverOptions): ReportHeader {
  return {
    type: 'header',
    format: 's3cse-run-report',
    version: 1,
    startedAt: new Date().toISOString(),
    ...provenance(),
    target: options.target,
    suites: [...options.suites],
    ...(options.shard ? { shard: options.shard } : {}),
    implementations: sessions.map(
      (s): ReportImplementation => ({
        id: s.info.id,
        name: s.info.name,
        version: s.info.version,
        language: s.info.language,
        features: featuresFromClaims(s.info.write, s.info.read, s.info.features),
        claims: { write: s.info.write, read: s.info.read, features: s.info.features },
        ...(options.peers?.includes(s.info.id) ? { peer: true } : {}),
      }),
    ),
  };
}

/** The number of results the suites will emit for these implementations in this shard. */
export function plannedCases(sessions: readonly AdapterSession[], options: Pick<ObserverOptions, 'suites' | 'bridged' | 'sizes' | 'shard' | 'repeat'>): number {
  let n = 0;
  const { shard } = options;
  if (options.suites.includes(CROSS_SUITE)) {
    for (const w of sessions)
      for (const c of allConfigurations()) {
        if (!inShard(`${w.info.id}/${configurationId(c)}`, shard)) continue;
        if (!claims(w.info.write, c)) n += sessions.length;
        else for (const r of sessions) n += claims(r.info.read, c) ? options.sizes.length * (isLegacyFormat(c.format) ? 2 : 1) : 1;
      }
  }
  if (options.suites.includes(RANGE_SUITE)) {
    const readers = sessions.filter((s) => s.info.features.includes('range'));
    for (const w of sessions)
      for (const c of writerConfigurations(w)) if (inShard(`${w.info.id}/${c.format}-${c.key}`, shard)) n += readers.filter((r) => claims(r.info.read, c)).length * RANGES.length;
  }
  const bridged = allSuites().filter((s) => options.bridged.includes(s.name));
  for (const session of sessions) for (const s of bridged) n += shardOf(s, session.info.id, shard).cases.length * (options.repeat ?? 1);
  return n;
}

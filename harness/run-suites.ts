/**
 * `s3cse run --suite known-answers,roundtrip,tamper --impl A,B`: the in-process suites against
 * adapters, through the embedded target (recorded KMS answers of the known-answer vectors are
 * replayed by its KMS, so no other target can serve them). One report row per implementation
 * and suite; the same case ids as `s3cse conformance`, so results line up with the reference's.
 *
 * `--jobs N` runs up to N cases at once: the units (one case on one adapter) are queued
 * round-robin across the adapters, so N ≥ the number of adapters keeps every adapter busy, and
 * more than that sends an adapter concurrent requests (PROTOCOL.md: an adapter serves them
 * concurrently or one at a time). Every case writes its own object keys; the one state cases
 * share is the embedded KMS's replayed answers, keyed by ciphertext blob, and several cases
 * register different answers for one blob (a known answer and its wrong-key twin), so a case
 * waits while another holding one of its blobs is in flight (`ReplayLocks`). Results come back in
 * the same order as with `--jobs 1`. `--repeat K` runs every case
 * K times (copies after the first get `#2` … `#K` ids), to measure how a run scales.
 */
import { allSuites } from '../suites/index.js';
import { runSuite, type CaseResult } from '../suites/run.js';
import type { Suite, SuiteCase } from '../suites/case.js';
import { inShard, type Shard } from '../suites/shard.js';
import type { ImplementationSummary } from '../reports/summary.js';
import { bridgeImplementation } from './supervisor/suite-bridge.js';
import type { AdapterSession } from './supervisor/session.js';
import { replayEnvironment } from './environment.js';
import type { ReplayingTarget } from './targets/target.js';

export const BRIDGED_SUITES: readonly string[] = allSuites().map((s) => s.name);

export interface SuiteRunOutcome {
  readonly implementation: ImplementationSummary;
  readonly results: CaseResult[];
}

export interface BridgedRunOptions {
  readonly shard?: Shard | undefined;
  /** Cases in flight at once (default 1). */
  readonly jobs?: number;
  /** Every case this many times (default 1). */
  readonly repeat?: number;
}

interface Unit {
  readonly session: number;
  readonly index: number;
  readonly suite: Suite;
  readonly case: SuiteCase;
}

export async function runSuitesThroughAdapters(
  names: readonly string[],
  sessions: readonly AdapterSession[],
  target: ReplayingTarget,
  bucket: string,
  onResult?: (implementation: string, result: CaseResult) => void,
  options: BridgedRunOptions = {},
): Promise<SuiteRunOutcome[]> {
  const suites = allSuites().filter((s) => names.includes(s.name));
  const env = replayEnvironment(target);
  const perSession = sessions.map((session, s) => unitsOf(suites, session.info.id, s, options));
  const impls = sessions.map((session) => bridgeImplementation(session, target, bucket));
  const results = perSession.map((units) => new Array<CaseResult>(units.length));
  const locks = new ReplayLocks();
  const run = async (u: Unit): Promise<void> => {
    const blobs = u.case.kind === 'decrypt' ? u.case.kmsReplay.map((r) => Buffer.from(r.ciphertextBlob).toString('base64')) : [];
    await locks.acquire(blobs);
    try {
      await runUnit(u);
    } finally {
      locks.release(blobs);
    }
  };
  const runUnit = async (u: Unit): Promise<void> => {
    const session = sessions[u.session]!;
    // Case ids gain the implementation, so one report can hold several implementations' rows.
    const row = (r: CaseResult): CaseResult => ({ ...r, suite: `${u.suite.name}@${session.info.id}`, id: `${r.id}@${session.info.id}`, implementation: session.info.id });
    const [r] = await runSuite({ ...u.suite, cases: [u.case] }, impls[u.session]!, env, { timeoutMs: 90_000 });
    results[u.session]![u.index] = row(r!);
    onResult?.(session.info.id, row(r!));
  };
  // Scenario cases read the target's whole KMS request log and arm target-wide faults: they run
  // alone, one after another, once the concurrent cases are done.
  const all = roundRobin(perSession);
  await pool(
    all.filter((u) => u.case.kind !== 'scenario'),
    Math.max(1, options.jobs ?? 1),
    run,
  );
  for (const u of all.filter((x) => x.case.kind === 'scenario')) await run(u);
  return sessions.map((session, s) => ({
    implementation: { id: session.info.id, name: session.info.name, version: session.info.version, language: session.info.language, restarts: session.restarts },
    results: results[s]!,
  }));
}

function unitsOf(suites: readonly Suite[], implementation: string, session: number, options: BridgedRunOptions): Unit[] {
  const units: Unit[] = [];
  for (const whole of suites) {
    const suite = repeated(shardOf(whole, implementation, options.shard), options.repeat ?? 1);
    for (const c of suite.cases) units.push({ session, index: units.length, suite, case: c });
  }
  return units;
}

/** Copies after the first get `#2` … `#K` ids; each run of a case writes its own objects anyway. */
export function repeated(suite: Suite, times: number): Suite {
  if (times <= 1) return suite;
  const cases = suite.cases.flatMap((c) => Array.from({ length: times }, (_, k) => (k === 0 ? c : { ...c, id: `${c.id}#${k + 1}` })));
  return { ...suite, cases };
}

/** Blobs of replayed KMS answers held by cases in flight; a case waits until none of its blobs is held. */
export class ReplayLocks {
  readonly #held = new Set<string>();
  #waiters: (() => void)[] = [];

  async acquire(blobs: readonly string[]): Promise<void> {
    while (blobs.some((b) => this.#held.has(b))) await new Promise<void>((resolve) => this.#waiters.push(resolve));
    for (const b of blobs) this.#held.add(b);
  }

  release(blobs: readonly string[]): void {
    for (const b of blobs) this.#held.delete(b);
    const waiting = this.#waiters;
    this.#waiters = [];
    for (const wake of waiting) wake();
  }
}

/** One unit of each adapter in turn, so concurrent jobs spread across the adapters. */
function roundRobin(lists: readonly Unit[][]): Unit[] {
  const out: Unit[] = [];
  const longest = Math.max(0, ...lists.map((l) => l.length));
  for (let i = 0; i < longest; i++) for (const l of lists) if (i < l.length) out.push(l[i]!);
  return out;
}

async function pool<T>(items: readonly T[], jobs: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(jobs, items.length) }, worker));
}

/** The cases of this shard (one unit per case and implementation, so big suites spread evenly). */
export function shardOf(suite: Suite, implementation: string, shard: Shard | undefined): Suite {
  return shard ? { ...suite, cases: suite.cases.filter((c) => inShard(`${suite.name}/${c.id}@${implementation}`, shard)) } : suite;
}

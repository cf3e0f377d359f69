/**
 * `s3cse run --suite known-answers,roundtrip,tamper --impl A,B`: the in-process suites against
 * adapters, through the embedded target (recorded KMS answers of the known-answer vectors are
 * replayed by its KMS, so no other target can serve them). One report row per implementation
 * and suite; the same case ids as `s3cse conformance`, so results line up with the reference's.
 */
import { allSuites } from '../suites/index.js';
import { runSuite, type CaseResult } from '../suites/run.js';
import type { Suite } from '../suites/case.js';
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

export async function runSuitesThroughAdapters(
  names: readonly string[],
  sessions: readonly AdapterSession[],
  target: ReplayingTarget,
  bucket: string,
  onResult?: (implementation: string, result: CaseResult) => void,
  shard?: Shard,
): Promise<SuiteRunOutcome[]> {
  const suites = allSuites().filter((s) => names.includes(s.name));
  const env = replayEnvironment(target);
  const outcomes: SuiteRunOutcome[] = [];
  for (const session of sessions) {
    const impl = bridgeImplementation(session, target, bucket);
    const results: CaseResult[] = [];
    for (const whole of suites) {
      const suite = shardOf(whole, session.info.id, shard);
      if (suite.cases.length === 0) continue;
      // Case ids gain the implementation, so one report can hold several implementations' rows.
      const row = (r: CaseResult): CaseResult => ({ ...r, suite: `${suite.name}@${session.info.id}`, id: `${r.id}@${session.info.id}`, implementation: session.info.id });
      const rows = await runSuite(suite, impl, env, { timeoutMs: 90_000, onResult: (r) => onResult?.(session.info.id, row(r)) });
      results.push(...rows.map(row));
    }
    outcomes.push({
      implementation: { id: session.info.id, name: session.info.name, version: session.info.version, language: session.info.language, restarts: session.restarts },
      results,
    });
  }
  return outcomes;
}

/** The cases of this shard (one unit per case and implementation, so big suites spread evenly). */
export function shardOf(suite: Suite, implementation: string, shard: Shard | undefined): Suite {
  return shard ? { ...suite, cases: suite.cases.filter((c) => inShard(`${suite.name}/${c.id}@${implementation}`, shard)) } : suite;
}

/**
 * `s3cse run --faults SPEC`: the run's target behind the fault proxy, and the judging of results
 * under faults. A fault run is a resilience test, not a conformance verdict (the same run without
 * faults is that): a case may end refused or errored when a fault hit it, but never with wrong
 * plaintext, a decrypted object that had to be refused, or other bytes than asked for. Those
 * still fail the run; every other non-pass is marked as affected by faults and does not gate.
 */
import type { CaseResult } from '../suites/run.js';
import { FaultInjector, parseFaultSpec, type InjectedFault } from './targets/faults/plan.js';
import { withFaultProxy } from './targets/faults/with-faults.js';
import type { RunningTarget } from './targets/target.js';

export interface FaultRun {
  readonly injector: FaultInjector;
  /** Records, per result, the faults injected since the previous result (cases run one at a time). */
  observe(result: CaseResult): void;
  /** The results with their faults attached. */
  annotate(results: readonly CaseResult[]): CaseResult[];
  summary(results: readonly CaseResult[]): string;
}

export async function startFaultRun<T extends RunningTarget>(target: T, spec: string, seed: number): Promise<{ target: T; run: FaultRun }> {
  const injector = new FaultInjector(parseFaultSpec(spec), seed);
  const proxied = await withFaultProxy(target, injector);
  const windows = new Map<CaseResult, InjectedFault[]>();
  let seen = 0;
  const run: FaultRun = {
    injector,
    observe(result) {
      windows.set(result, injector.log.slice(seen));
      seen = injector.log.length;
    },
    annotate: (results) => results.map((r) => withFaults(r, windows.get(r) ?? [])),
    summary: (results) => summarize(injector, seed, results),
  };
  return { target: proxied, run };
}

/** Outcomes no fault excuses: the implementation returned bytes it must not have. */
export function isWrongOutcome(r: CaseResult): boolean {
  return r.status === 'fail' && (r.actual === 'different plaintext' || r.actual === 'decrypted' || / other bytes$/.test(r.actual));
}

function withFaults(r: CaseResult, injected: readonly InjectedFault[]): CaseResult {
  const faults = injected.map((f) => `${f.fault} ${f.method} ${f.path}`);
  const affected = (r.status === 'fail' || r.status === 'errored') && !isWrongOutcome(r);
  if (faults.length === 0 && !affected) return r;
  return { ...r, faults, ...(affected ? { faultAffected: true } : {}) };
}

/** Gating results of a fault run: the wrong outcomes that no known issue explains. */
export function faultRunGating(results: readonly CaseResult[]): CaseResult[] {
  return results.filter((r) => isWrongOutcome(r) && r.knownIssue === undefined);
}

function summarize(injector: FaultInjector, seed: number, results: readonly CaseResult[]): string {
  const byFault = new Map<string, number>();
  for (const f of injector.log) byFault.set(f.fault, (byFault.get(f.fault) ?? 0) + 1);
  const kinds = [...byFault].map(([fault, n]) => `${fault} ${n}`).join(', ') || 'none';
  const affected = results.filter((r) => r.faultAffected).length;
  const wrong = results.filter(isWrongOutcome).length;
  return `faults injected (seed ${seed}): ${injector.log.length} (${kinds}); cases affected (refused or errored): ${affected}; wrong plaintext or accepted objects: ${wrong}\n`;
}

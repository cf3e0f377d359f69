/**
 * Known issues of implementations under test (harness/known-issues.json), applied to results:
 * a failure matching a flaky entry stops gating the run but stays in the report, marked; a pass
 * matching a non-flaky entry is an unexpected pass, so stale entries are noticed.
 */
import { readFileSync } from 'node:fs';
import type { CaseResult, MatrixCoordinates } from '../suites/run.js';

export interface KnownIssue {
  readonly id: string;
  readonly summary: string;
  /** Flaky: passing and failing are both accepted. Otherwise the case is expected to fail. */
  readonly flaky: boolean;
  /** Coordinates the result must have; a list means any of its values. */
  readonly match: { readonly [K in keyof MatrixCoordinates]?: MatrixCoordinates[K] | readonly NonNullable<MatrixCoordinates[K]>[] };
}

export function loadKnownIssues(file: URL = new URL('./known-issues.json', import.meta.url)): KnownIssue[] {
  return (JSON.parse(readFileSync(file, 'utf8')) as { issues: KnownIssue[] }).issues;
}

function matches(issue: KnownIssue, r: CaseResult): boolean {
  if (!r.pair) return false;
  const pair = r.pair as unknown as Record<string, unknown>;
  return Object.entries(issue.match).every(([k, v]) => (Array.isArray(v) ? v.includes(pair[k]) : pair[k] === v));
}

export interface Triage {
  readonly results: CaseResult[];
  /** Failures and errors not covered by a known issue: these fail the run. */
  readonly gating: CaseResult[];
  /** Passes where a non-flaky known issue expected a failure. */
  readonly unexpectedPasses: CaseResult[];
}

export function triage(results: readonly CaseResult[], issues: readonly KnownIssue[]): Triage {
  const out: CaseResult[] = [];
  const gating: CaseResult[] = [];
  const unexpectedPasses: CaseResult[] = [];
  for (const r of results) {
    const issue = issues.find((i) => matches(i, r));
    const bad = r.status === 'fail' || r.status === 'errored';
    if (issue && bad) {
      out.push({ ...r, knownIssue: issue.id });
      continue;
    }
    if (issue && !issue.flaky && r.status === 'pass') unexpectedPasses.push(r);
    if (bad) gating.push(r);
    out.push(r);
  }
  return { results: out, gating, unexpectedPasses };
}

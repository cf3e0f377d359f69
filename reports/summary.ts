/**
 * Turns case results into what people and CI read. Pure: no I/O, no implementation code.
 * Takes the result shape by type only, so reports never depend on how results were produced.
 */
import type { CaseResult, CaseStatus } from '../suites/run.js';
import { CASE_STATUSES } from '../suites/judge.js';

export interface RunReport {
  readonly manifest: { readonly type: 's3ec-conformance-report'; readonly version: 1 };
  /** Every implementation the run drove: one for a conformance run, several for the cross matrix. */
  readonly implementations: readonly ImplementationSummary[];
  /** Target name and backend (`embedded`, `moto 5.2.5`). */
  readonly target: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly totals: Readonly<Record<CaseStatus, number>>;
  readonly results: readonly CaseResult[];
}

export interface ImplementationSummary {
  /** Adapter id (`java-v1`), or the implementation name for in-process runs. */
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly language: string;
  /** Times the harness had to restart it after a crash or a hang. */
  readonly restarts?: number;
  /** What it claims: a case needing anything else is not applicable, and says which claim is missing. */
  readonly features?: readonly string[];
}

const STATUSES: readonly CaseStatus[] = CASE_STATUSES;

export function totals(results: readonly CaseResult[]): Record<CaseStatus, number> {
  const t = Object.fromEntries(CASE_STATUSES.map((s) => [s, 0])) as Record<CaseStatus, number>;
  for (const r of results) t[r.status] += 1;
  return t;
}

/** One row per suite, then every failing or errored case with its reason. */
export function renderSummaryTable(report: RunReport): string {
  const suites = [...new Set(report.results.map((r) => r.suite))];
  const rows = suites.map((s) => {
    const t = totals(report.results.filter((r) => r.suite === s));
    return [s, ...STATUSES.map((k) => String(t[k]))];
  });
  rows.push(['total', ...STATUSES.map((k) => String(report.totals[k]))]);
  const header = ['suite', ...STATUSES];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const out = [
    `${report.implementations.map((i) => `${i.name} ${i.version}`).join(', ')} on ${report.target} (${(report.durationMs / 1000).toFixed(1)} s)`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.slice(0, -1).map(line),
    line(widths.map((w) => '-'.repeat(w))),
    line(rows[rows.length - 1]!),
  ];
  const byKind = erroredByKind(report.results);
  if (byKind.size > 0) out.push('', `Errored by kind: ${[...byKind].map(([kind, n]) => `${kind} ${n}`).join(', ')}`);
  const bad = report.results.filter((r) => r.status === 'fail' || r.status === 'errored');
  if (bad.length > 0) {
    out.push('', 'Failures:');
    for (const r of bad) {
      const known = r.knownIssue ? ` [known issue ${r.knownIssue}, not gating]` : r.faultAffected ? ` [fault run: ${r.faults?.length ?? 0} fault(s) injected in this case, not gating]` : '';
      const kind = r.errorKind ? ` [${r.errorKind}]` : '';
      out.push(`  ${r.status.toUpperCase()} ${r.id}${kind}: expected ${r.expected}, got ${r.actual}${r.detail ? ` (${r.detail})` : ''}${known}`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** Errored cases per error kind, most frequent first: a crash, a hang and a protocol violation are different bugs. */
export function erroredByKind(results: readonly CaseResult[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of results) {
    if (r.status !== 'errored') continue;
    const kind = r.errorKind ?? 'unspecified';
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return new Map([...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}

/** Requirements the run exercised, with pass/fail counts: what a certification cites. */
export function requirementCoverage(results: readonly CaseResult[]): Map<string, { pass: number; fail: number }> {
  const cov = new Map<string, { pass: number; fail: number }>();
  for (const r of results) {
    if (r.status === 'not-applicable') continue;
    for (const req of r.requirements) {
      const c = cov.get(req) ?? { pass: 0, fail: 0 };
      if (r.status === 'pass') c.pass += 1;
      else c.fail += 1;
      cov.set(req, c);
    }
  }
  return cov;
}

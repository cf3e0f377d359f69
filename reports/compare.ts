/**
 * Two reports compared, for CI gates (`s3cse report --baseline OLD NEW`), and shard reports merged
 * into one (`s3cse report merge A B ...`). A regression is a case that gates in the new report
 * (failed or errored, no known issue) and did not in the baseline, or is new and gates; an
 * unexpected pass is a case a known issue expects to fail that passed (a stale entry).
 */
import type { CaseRecord, JsonlReport, ReportFooter } from './jsonl.js';
import { implementationOf, tally } from './views.js';

export interface Change {
  readonly id: string;
  readonly was: string;
  readonly now: string;
  readonly detail?: string;
}

export interface Comparison {
  readonly regressions: readonly Change[];
  readonly unexpectedPasses: readonly Change[];
  readonly fixed: readonly Change[];
  /** In the baseline, absent now (a narrower run, or a renamed case): reported, not gating. */
  readonly missing: readonly string[];
}

const gates = (c: CaseRecord | undefined): boolean => c !== undefined && (c.status === 'fail' || c.status === 'errored') && !c.knownIssue;
const involves = (c: CaseRecord, impl: string): boolean => implementationOf(c) === impl || c.pair?.writer === impl;

export function compareReports(baseline: JsonlReport, current: JsonlReport, failOn?: string): Comparison {
  const before = new Map(baseline.cases.map((c) => [c.id, c]));
  const scoped = current.cases.filter((c) => failOn === undefined || involves(c, failOn));
  const change = (c: CaseRecord): Change => ({ id: c.id, was: before.get(c.id)?.status ?? 'absent', now: c.status, ...(c.detail ? { detail: c.detail } : {}) });
  const now = new Set(current.cases.map((c) => c.id));
  return {
    regressions: scoped.filter((c) => gates(c) && !gates(before.get(c.id))).map(change),
    unexpectedPasses: scoped.filter((c) => c.unexpectedPass).map(change),
    fixed: scoped.filter((c) => c.status === 'pass' && gates(before.get(c.id))).map(change),
    missing: baseline.cases.filter((c) => !now.has(c.id) && (failOn === undefined || involves(c, failOn))).map((c) => c.id),
  };
}

export function renderComparison(c: Comparison): string {
  const lines: string[] = [];
  for (const r of c.regressions) lines.push(`NEW FAILURE ${r.id}: ${r.was} -> ${r.now}${r.detail ? ` (${r.detail.slice(0, 200)})` : ''}`);
  for (const r of c.unexpectedPasses) lines.push(`UNEXPECTED PASS ${r.id}: a known issue expects it to fail; remove or update the entry`);
  for (const r of c.fixed) lines.push(`fixed ${r.id}: ${r.was} -> ${r.now}`);
  if (c.missing.length > 0) lines.push(`${c.missing.length} baseline cases did not run this time (first: ${c.missing[0]})`);
  lines.push(`${c.regressions.length} new failures, ${c.unexpectedPasses.length} unexpected passes, ${c.fixed.length} fixed`);
  return `${lines.join('\n')}\n`;
}

export class MergeError extends Error {
  override readonly name = 'MergeError';
}

/** Shards of one run (same harness commit, corpus, spec, target, suites, shard count) as one report. */
export function mergeReports(parts: readonly JsonlReport[]): JsonlReport {
  const first = parts[0];
  if (!first) throw new MergeError('nothing to merge');
  const same = (p: JsonlReport): string => JSON.stringify([p.header.harness.commit, p.header.corpus, p.header.spec, p.header.target, p.header.suites, p.header.shard?.count]);
  const odd = parts.find((p) => same(p) !== same(first));
  if (odd) throw new MergeError(`reports of different runs: ${same(odd)} vs ${same(first)}`);
  const shards = parts.map((p) => p.header.shard?.index).filter((i) => i !== undefined);
  const again = shards.find((s, i) => shards.indexOf(s) !== i);
  if (again !== undefined) throw new MergeError(`shard ${again} given twice`);
  const cases = parts.flatMap((p) => p.cases);
  const ids = cases.map((c) => c.id);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice) throw new MergeError(`case ${twice} is in two reports`);
  const implementations = [...new Map(parts.flatMap((p) => p.header.implementations).map((i) => [i.id, i])).values()];
  const { shard: _shard, ...header } = first.header;
  const footer: ReportFooter = {
    type: 'footer',
    finishedAt: parts
      .map((p) => p.footer.finishedAt)
      .sort()
      .at(-1)!,
    durationMs: Math.max(...parts.map((p) => p.footer.durationMs)),
    interrupted: parts.some((p) => p.footer.interrupted),
    cases: cases.length,
    totals: tally(cases),
    gating: parts.reduce((n, p) => n + (p.footer.gating ?? 0), 0),
    unexpectedPasses: parts.flatMap((p) => p.footer.unexpectedPasses),
    exitStatus: Math.max(...parts.map((p) => p.footer.exitStatus ?? 0)),
  };
  return { header: { ...header, implementations }, cases, footer };
}

/** A report as JSON Lines again. */
export function serializeJsonl(report: JsonlReport): string {
  return [report.header, ...report.cases, report.footer]
    .map((r) => JSON.stringify(r))
    .join('\n')
    .concat('\n');
}

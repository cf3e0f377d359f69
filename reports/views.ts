/**
 * The groupings every report form shares, computed once from a JSONL report: cases by suite ×
 * implementation, the writer × reader cells, and the implementation × feature cells. A cross
 * cell belongs to its reader (as known issues match it); a corpus case to the adapter that ran it.
 */
import type { CaseStatus } from '../suites/run.js';
import { CASE_STATUSES } from '../suites/judge.js';
import type { CaseRecord, JsonlReport } from './jsonl.js';

export type Tally = Record<CaseStatus, number>;

export function tally(cases: readonly CaseRecord[]): Tally {
  const t = Object.fromEntries(CASE_STATUSES.map((s) => [s, 0])) as Tally;
  for (const c of cases) t[c.status] += 1;
  return t;
}

/** Cases that ran (not not-applicable). */
export const ran = (t: Tally): number => t.pass + t.fail + t['refused-unclassified'] + t.errored;

export function implementationOf(c: CaseRecord): string {
  return c.implementation ?? c.pair?.reader ?? 'reference';
}

/** The suite without the `@implementation` of bridged rows. */
export function suiteOf(c: CaseRecord): string {
  const impl = implementationOf(c);
  return c.suite.endsWith(`@${impl}`) ? c.suite.slice(0, -(impl.length + 1)) : c.suite;
}

export interface Group {
  readonly key: string;
  readonly suite: string;
  readonly implementation: string;
  readonly cases: readonly CaseRecord[];
}

/** One group per suite × implementation, in the order they first appear. */
export function bySuiteAndImplementation(report: JsonlReport): Group[] {
  const groups = new Map<string, { suite: string; implementation: string; cases: CaseRecord[] }>();
  for (const c of report.cases) {
    const suite = suiteOf(c);
    const implementation = implementationOf(c);
    const key = `${suite} @ ${implementation}`;
    const g = groups.get(key) ?? { suite, implementation, cases: [] };
    g.cases.push(c);
    groups.set(key, g);
  }
  return [...groups].map(([key, g]) => ({ key, ...g }));
}

export interface Cell {
  readonly row: string;
  readonly column: string;
  readonly cases: readonly CaseRecord[];
  readonly tally: Tally;
}

/** Writer × reader of one pairing suite (cross, range): every pair of the header's implementations. */
export function pairCells(report: JsonlReport, suite: string): Cell[] {
  const ids = report.header.implementations.map((i) => i.id);
  const cases = report.cases.filter((c) => c.suite === suite && c.pair);
  return ids.flatMap((w) =>
    ids.map((r) => {
      const mine = cases.filter((c) => c.pair?.writer === w && c.pair.reader === r);
      return { row: w, column: r, cases: mine, tally: tally(mine) };
    }),
  );
}

/** Implementation × feature: the cases exercising each claim of each implementation. */
export function featureCells(report: JsonlReport): Cell[] {
  return report.header.implementations.flatMap((impl) => {
    const mine = report.cases.filter((c) => c.featuresOf?.[impl.id] !== undefined);
    return impl.features.map((feature) => {
      const cases = mine.filter((c) => c.featuresOf?.[impl.id]?.includes(feature));
      return { row: impl.id, column: feature, cases, tally: tally(cases) };
    });
  });
}

/** Every feature any implementation claims, in first-claimed order. */
export function allFeatures(report: JsonlReport): string[] {
  return [...new Set(report.header.implementations.flatMap((i) => i.features))];
}

/** A cell as people read it: `passed/ran`, or `n/a` when nothing ran. */
export function cellText(t: Tally): string {
  return ran(t) === 0 ? 'n/a' : `${t.pass}/${ran(t)}`;
}

export function headline(report: JsonlReport): string {
  const h = report.header;
  const commit = h.harness.commit === 'unknown' ? 'unknown commit' : `${h.harness.commit.slice(0, 12)}${h.harness.dirty ? '+dirty' : ''}`;
  return `s3cse ${h.harness.version} (${commit}), corpus ${h.corpus.digest.slice(7, 19)}, spec ${h.spec.commit.slice(0, 12)}, Node ${h.node}, target ${h.target}`;
}

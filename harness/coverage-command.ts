/** `s3cse coverage`: the requirement-line coverage of the corpus, optionally of a run, and duvet's agreement. */
import { readFileSync } from 'node:fs';
import { corpusCoverage, renderCoverage, type CaseOutcome, type LineCoverage } from './coverage.js';
import { agreement, DUVET_OUT, duvetCitedByCases, runDuvet, writeCaseAnnotations } from './duvet.js';
import { lineKey } from '../suites/spec-lines.js';
import { UsageError } from './targets/usage-error.js';

export const LINE_LISTS = ['none', 'uncovered', 'exceptions', 'all'] as const;
export type LineList = (typeof LINE_LISTS)[number];

export interface CoverageOptions {
  /** A report.json of `s3cse conformance --out` or `s3cse run --out`: its passing cases are the exercised ones. */
  readonly report?: string;
  readonly lines?: LineList;
  /** Also run duvet (reports/out/duvet/) and compare its cited lines with ours. */
  readonly duvet?: boolean;
}

function resultsOf(path: string): CaseOutcome[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UsageError(`--report: cannot read ${path} as JSON (${(e as Error).message})`);
  }
  const results = (parsed as { results?: unknown }).results;
  if (!Array.isArray(results)) throw new UsageError(`--report: ${path} has no results array (a report.json of s3cse conformance --out or s3cse run --out)`);
  return results as CaseOutcome[];
}

function tag(l: LineCoverage): string {
  if (l.passedBy !== undefined && l.passedBy > 0) return `exercised(${l.passedBy})`;
  if (l.exception) return 'excepted';
  if (l.citedBy > 0) return l.passedBy === undefined ? `cited(${l.citedBy})` : `cited-not-passing(${l.citedBy})`;
  return 'uncovered';
}

function lineList(lines: readonly LineCoverage[], which: LineList): string[] {
  if (which === 'exceptions') return lines.filter((l) => l.exception).map((l) => `${l.level} ${l.section}: ${l.quote}\n    reason (${l.exception!.file}): ${l.exception!.reason}`);
  const shown = which === 'all' ? lines : which === 'uncovered' ? lines.filter((l) => tag(l) === 'uncovered' || tag(l).startsWith('cited-not')) : [];
  return shown.map((l) => `${tag(l).padEnd(18)} ${l.level.padEnd(6)} ${l.section}: ${l.quote}`);
}

/** Writes the table (and lists); returns the exit status: 1 when duvet disagrees. */
export function coverageCommand(options: CoverageOptions, write: (line: string) => void): number {
  const lines = corpusCoverage(options.report ? resultsOf(options.report) : undefined);
  write(renderCoverage(lines).trimEnd());
  for (const l of lineList(lines, options.lines ?? 'none')) write(l);
  if (!options.duvet) return 0;
  const files = writeCaseAnnotations();
  const a = agreement(new Set(lines.filter((l) => l.citedBy > 0).map(lineKey)), duvetCitedByCases(runDuvet()));
  write(`duvet report: ${DUVET_OUT}/report.html (the ${files} case files' citations as duvet test annotations)`);
  if (a.onlyOurs.length === 0 && a.onlyDuvets.length === 0) {
    write(`duvet agrees: ${a.duvets} requirement lines are cited by the case files`);
    return 0;
  }
  write(`duvet disagrees: ours ${a.ours}, duvet's ${a.duvets}`);
  for (const k of a.onlyOurs) write(`  only ours:   ${k.replace('\n', ': ')}`);
  for (const k of a.onlyDuvets) write(`  only duvet's: ${k.replace('\n', ': ')}`);
  return 1;
}

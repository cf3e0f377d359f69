/**
 * Requirement coverage, line by line: every MUST / SHOULD / MAY line of the pinned specification
 * (suites/requirements.json, duvet's extraction) is cited by a case of vectors/corpus, exercised by
 * a case that passed in a run, excepted (compliance_exceptions/, with its written reason), or
 * uncovered. `s3cse coverage` and the end of `npm run conformance` print it.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadCorpus, type DecryptCaseData } from '../vectors/corpus.js';
import { type Level, lineKey, pinnedLines, type PinnedLine, type SpecLine } from '../suites/spec-lines.js';

export const EXCEPTIONS_DIR = new URL('../compliance_exceptions/', import.meta.url);
const MOUNT = 'specification/';
const LEVELS: readonly Level[] = ['MUST', 'SHOULD', 'MAY'];

export interface Exception extends SpecLine {
  readonly file: string;
  readonly reason: string;
}

/** A compliance_exceptions/*.toml file: duvet's `target` and one `[[exception]]` with quote and reason. */
export function parseException(file: string, text: string): Exception {
  const target = /^target\s*=\s*"([^"]+)"/m.exec(text)?.[1];
  const block = (name: string): string | undefined => new RegExp(`^${name}\\s*=\\s*'''\\n([\\s\\S]*?)'''`, 'm').exec(text)?.[1];
  const quote = block('quote');
  const reason = block('reason');
  if (!target?.startsWith(MOUNT) || quote === undefined || reason === undefined || !/^\[\[exception\]\]/m.test(text)) {
    throw new Error(`${file}: an exception names its target (specification/…), and its quote and reason in ''' blocks`);
  }
  if (reason.trim().length < 20) throw new Error(`${file}: the reason is too short to be one`);
  return { file, section: target.slice(MOUNT.length), quote: quote.replace(/\s+/g, ' ').trim(), reason: reason.replace(/\s+/g, ' ').trim() };
}

export function loadExceptions(dir: URL = EXCEPTIONS_DIR): Exception[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.toml'))
    .sort()
    .map((f) => parseException(f, readFileSync(join(dir.pathname, f), 'utf8')));
}

/** What a run says of a case: only its id and whether it passed matter here. */
export interface CaseOutcome {
  readonly id: string;
  readonly status: string;
}

export interface LineCoverage extends PinnedLine {
  readonly citedBy: number;
  /** Passing cases citing it; undefined when no run was given. */
  readonly passedBy: number | undefined;
  readonly exception: Exception | undefined;
}

export interface CoverageInput {
  readonly cases: readonly Pick<DecryptCaseData, 'id' | 'specLines'>[];
  readonly exceptions: readonly Exception[];
  readonly results?: readonly CaseOutcome[];
}

export function lineCoverage(input: CoverageInput): LineCoverage[] {
  const known = new Map(pinnedLines().map((l) => [lineKey(l), l]));
  for (const e of input.exceptions) if (!known.has(lineKey(e))) throw new Error(`${e.file}: no such line at the pinned commit: ${e.section} "${e.quote}"`);
  const passed = input.results ? new Set(input.results.filter((r) => r.status === 'pass').map((r) => r.id)) : undefined;
  const cited = new Map<string, number>();
  const passing = new Map<string, number>();
  for (const c of input.cases) {
    for (const l of c.specLines) {
      const k = lineKey(l);
      if (!known.has(k)) throw new Error(`${c.id} cites a line the pinned specification does not have: ${l.section} "${l.quote}"`);
      cited.set(k, (cited.get(k) ?? 0) + 1);
      if (passed?.has(c.id)) passing.set(k, (passing.get(k) ?? 0) + 1);
    }
  }
  const excepted = new Map(input.exceptions.map((e) => [lineKey(e), e]));
  return [...known.values()].map((l) => ({
    ...l,
    citedBy: cited.get(lineKey(l)) ?? 0,
    passedBy: passed ? (passing.get(lineKey(l)) ?? 0) : undefined,
    exception: excepted.get(lineKey(l)),
  }));
}

export interface LevelTotals {
  readonly level: Level;
  readonly total: number;
  readonly cited: number;
  readonly exercised: number | undefined;
  readonly excepted: number;
  /** Neither exercised (cited, when there is no run) nor excepted. */
  readonly uncovered: number;
}

export function levelTotals(lines: readonly LineCoverage[]): LevelTotals[] {
  return LEVELS.map((level) => {
    const of = lines.filter((l) => l.level === level);
    const run = of.every((l) => l.passedBy !== undefined);
    const covered = (l: LineCoverage): boolean => (run ? (l.passedBy ?? 0) > 0 : l.citedBy > 0);
    return {
      level,
      total: of.length,
      cited: of.filter((l) => l.citedBy > 0).length,
      exercised: run ? of.filter((l) => (l.passedBy ?? 0) > 0).length : undefined,
      excepted: of.filter((l) => l.exception !== undefined).length,
      uncovered: of.filter((l) => !covered(l) && l.exception === undefined).length,
    };
  });
}

export function renderCoverage(lines: readonly LineCoverage[]): string {
  const rows = levelTotals(lines).map((t) => {
    const covered = t.total - t.uncovered;
    const ex = t.exercised === undefined ? 'no run' : `${t.exercised}/${t.total}`;
    return `${t.level.padEnd(6)}  ${`${t.cited}/${t.total}`.padStart(7)}  ${ex.padStart(9)}  ${`${t.excepted}/${t.total}`.padStart(8)}  ${`${t.uncovered}/${t.total}`.padStart(9)}  ${`${covered}/${t.total}`.padStart(18)}`;
  });
  const head = `level     cited  exercised  excepted  uncovered  ${lines.some((l) => l.passedBy === undefined) ? '   cited/excepted' : 'exercised/excepted'}`;
  return `requirement lines (duvet ids, spec ${pinnedCommitShort()}):\n${head}\n${rows.join('\n')}\n`;
}

const pinnedCommitShort = (): string => (JSON.parse(readFileSync(new URL('../suites/requirements.json', import.meta.url), 'utf8')) as { source: { commit: string } }).source.commit.slice(0, 8);

/** The corpus's cases, the exceptions and (optionally) a run's results, as the coverage table. */
export function corpusCoverage(results?: readonly CaseOutcome[]): LineCoverage[] {
  const cases = loadCorpus().flatMap((f) => f.cases as readonly DecryptCaseData[]);
  return lineCoverage({ cases, exceptions: loadExceptions(), ...(results ? { results } : {}) });
}

/**
 * Known issues of implementations under test (harness/known-issues.json), applied to results:
 * a failure matching a flaky entry stops gating the run but stays in the report, marked; a pass
 * matching a non-flaky entry is an unexpected pass, so stale entries are noticed.
 */
import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
import type { CaseResult, MatrixCoordinates } from '../suites/run.js';

export interface KnownIssue {
  readonly id: string;
  readonly summary: string;
  /** Flaky: passing and failing are both accepted. Otherwise the case is expected to fail. */
  readonly flaky: boolean;
  /** What the result must have; a list means any of its values. Every given member must match. */
  readonly match: IssueMatch;
  /** Evidence: an upstream issue, a commit, a log line, a spec section. */
  readonly links?: readonly string[];
}

type OneOrMany<T> = T | readonly T[];

/**
 * Matrix coordinates (cross and range suites), and for any suite: `implementation` (the adapter
 * that ran the case; the reader of a matrix cell) and `case` (case ids, `*` matching any run of
 * characters, compared without the `@implementation` suffix of bridged runs).
 */
export type IssueMatch = { readonly [K in keyof MatrixCoordinates]?: OneOrMany<NonNullable<MatrixCoordinates[K]>> } & {
  readonly implementation?: OneOrMany<string>;
  readonly case?: OneOrMany<string>;
};

export const BUNDLED_KNOWN_ISSUES = new URL('./known-issues.json', import.meta.url);

/** A known-issues file that is not JSON or breaks known-issues.schema.json; the message names both. */
export class KnownIssuesFileError extends Error {
  override readonly name = 'KnownIssuesFileError';
}

/** Entries of a known-issues file, checked against harness/known-issues.schema.json. */
export function loadKnownIssues(file: URL | string = BUNDLED_KNOWN_ISSUES): KnownIssue[] {
  const where = typeof file === 'string' ? file : file.pathname;
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new KnownIssuesFileError(`${where}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not JSON (${(e as Error).message})`}`);
  }
  const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(new URL('./known-issues.schema.json', import.meta.url), 'utf8')) as object);
  if (!validate(doc)) throw new KnownIssuesFileError(`${where}: ${(validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`).join('; ')}`);
  const issues = (doc as { issues: KnownIssue[] }).issues;
  const ids = issues.map((i) => i.id);
  const twice = ids.find((id, n) => ids.indexOf(id) !== n);
  if (twice) throw new KnownIssuesFileError(`${where}: issue id ${twice} appears twice`);
  return issues;
}

function matches(issue: KnownIssue, r: CaseResult): boolean {
  const { implementation, case: cases, ...coordinates } = issue.match;
  const implementationOf = r.implementation ?? r.pair?.reader;
  if (implementation !== undefined && !anyOf(implementation, (v) => v === implementationOf)) return false;
  const caseId = r.implementation ? r.id.replace(new RegExp(`@${escapeRegExp(r.implementation)}$`), '') : r.id;
  if (cases !== undefined && !anyOf(cases, (pattern) => globToRegExp(pattern).test(caseId))) return false;
  const given = Object.entries(coordinates);
  if (given.length === 0) return implementation !== undefined || cases !== undefined;
  if (!r.pair) return false;
  const pair = r.pair as unknown as Record<string, unknown>;
  return given.every(([k, v]) => anyOf(v as OneOrMany<unknown>, (one) => pair[k] === one));
}

function anyOf<T>(v: OneOrMany<T>, test: (one: T) => boolean): boolean {
  return Array.isArray(v) ? (v as readonly T[]).some(test) : test(v as T);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function globToRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`);
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

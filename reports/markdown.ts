/**
 * A GitHub-flavoured Markdown summary of a JSONL report, fit for $GITHUB_STEP_SUMMARY: real
 * tables (totals per suite × implementation, writer × reader, implementation × feature) and the
 * failing cases by id. Cell text is escaped for tables (`|`, line breaks).
 */
import { CASE_STATUSES } from '../suites/judge.js';
import type { CaseRecord, JsonlReport } from './jsonl.js';
import { allFeatures, bySuiteAndImplementation, cellText, featureCells, headline, pairCells, tally, type Cell } from './views.js';

const MAX_LISTED = 50;

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** Columns of numbers (as the first row has them) are right-aligned. */
function table(header: readonly string[], rows: readonly (readonly string[])[], align: 'left' | 'numbers' = 'numbers'): string {
  const rule = header.map((_, i) => (i === 0 || align === 'left' || !/^\d|^\*\*\d|^n\/a|^—/.test(rows[0]?.[i] ?? '') ? '---' : '---:'));
  return [header, rule, ...rows].map((r) => `| ${r.map(cell).join(' | ')} |`).join('\n');
}

function grid(cells: readonly Cell[], rows: readonly string[], columns: readonly string[], corner: string): string {
  const at = (r: string, c: string): string => {
    const found = cells.find((x) => x.row === r && x.column === c);
    return found ? cellText(found.tally) : '—';
  };
  return table(
    [corner, ...columns],
    rows.map((r) => [r, ...columns.map((c) => at(r, c))]),
  );
}

export function renderMarkdown(report: JsonlReport): string {
  const ids = report.header.implementations.map((i) => i.id);
  const out = [`# s3cse run: ${report.header.suites.join(', ')}`, '', headline(report)];
  if (report.footer.interrupted) out.push('', '> **Interrupted**: the run was stopped before its last case; these are the cases it judged.');
  out.push('', '## Totals', '', totalsTable(report));
  for (const suite of ['cross', 'range']) {
    if (!report.cases.some((c) => c.suite === suite)) continue;
    out.push('', `## ${suite === 'cross' ? 'Cross-decryption' : 'Ranged GET'}: writer × reader (passed/ran)`, '', grid(pairCells(report, suite), ids, ids, 'writer \\ reader'));
  }
  const features = allFeatures(report);
  if (features.length > 0) out.push('', '## Implementation × feature (passed/ran)', '', grid(featureCells(report), ids, features, 'implementation'));
  out.push(...problems(report));
  return `${out.join('\n')}\n`;
}

function totalsTable(report: JsonlReport): string {
  const rows = bySuiteAndImplementation(report).map((g) => {
    const t = tally(g.cases);
    return [g.suite, g.implementation, ...CASE_STATUSES.map((s) => String(t[s]))];
  });
  const t = report.footer.totals;
  rows.push(['**total**', '', ...CASE_STATUSES.map((s) => `**${t[s]}**`)]);
  return table(['suite', 'implementation', ...CASE_STATUSES], rows);
}

function problems(report: JsonlReport): string[] {
  const bad = report.cases.filter((c) => c.status === 'fail' || c.status === 'errored');
  const lines: string[] = [];
  if (bad.length > 0) {
    lines.push('', `## Failed and errored (${bad.length})`, '');
    for (const c of bad.slice(0, MAX_LISTED)) lines.push(`- ${line(c)}`);
    if (bad.length > MAX_LISTED) lines.push(`- … and ${bad.length - MAX_LISTED} more (the JUnit or HTML report lists every case)`);
  }
  if (report.footer.unexpectedPasses.length > 0) {
    lines.push('', '## Unexpected passes (stale known issues)', '');
    for (const id of report.footer.unexpectedPasses) lines.push(`- \`${id}\``);
  }
  return lines;
}

function line(c: CaseRecord): string {
  const why = c.detail ? `: ${c.detail.replace(/\s+/g, ' ').slice(0, 200)}` : '';
  const known = c.knownIssue ? ` (known issue \`${c.knownIssue}\`)` : '';
  return `**${c.status}** \`${c.id}\`: expected ${c.expected}, got ${c.actual ?? 'nothing'}${c.errorKind ? ` [${c.errorKind}]` : ''}${known}${why}`;
}

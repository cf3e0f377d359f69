/**
 * A static, offline HTML page of a JSONL report: the writer × reader matrix of each pairing
 * suite and the implementation × feature matrix, each cell a link to the list of its cases
 * (shown by CSS :target, no script, nothing fetched), then every suite × implementation group.
 * Every text from a report is escaped: adapters' messages are untrusted.
 */
import { CASE_STATUSES } from '../suites/judge.js';
import type { CaseRecord, JsonlReport } from './jsonl.js';
import { allFeatures, bySuiteAndImplementation, cellText, featureCells, headline, pairCells, ran, tally, type Cell } from './views.js';

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);

const STYLE = `body{font:14px system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin:8px 0 20px}
th,td{border:1px solid #ccc;padding:4px 8px;text-align:center}th{background:#f3f3f3}td.row{text-align:left;font-weight:600}
td a{color:inherit;text-decoration:none;display:block}.ok{background:#d9f2d9}.bad{background:#f7d4d4}.warn{background:#fbeec2}.na{color:#999}
section.cases{display:none;border:1px solid #999;padding:8px 12px;margin:8px 0}section.cases:target{display:block}
li.fail,li.errored{color:#a00}li.refused-unclassified{color:#8a6d00}li.not-applicable{color:#777}code{font-size:12px}
.interrupted{background:#fbeec2;padding:8px;border:1px solid #d9b300}`;

function cellClass(c: Cell): string {
  if (ran(c.tally) === 0) return 'na';
  if (c.tally.fail + c.tally.errored > 0) return 'bad';
  return c.tally['refused-unclassified'] > 0 ? 'warn' : 'ok';
}

interface Drill {
  readonly id: string;
  readonly title: string;
  readonly cases: readonly CaseRecord[];
}

function matrix(tableId: string, cells: readonly Cell[], rows: readonly string[], columns: readonly string[], corner: string, drills: Drill[]): string {
  const head = `<tr><th>${escapeHtml(corner)}</th>${columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr>`;
  const body = rows.map((r) => {
    const tds = columns.map((col) => {
      const c = cells.find((x) => x.row === r && x.column === col);
      if (!c) return '<td class="na">—</td>';
      const id = `${tableId}-${drills.length}`;
      drills.push({ id, title: `${r} × ${col}`, cases: c.cases });
      const data = `data-row="${escapeHtml(r)}" data-column="${escapeHtml(col)}" data-pass="${c.tally.pass}" data-ran="${ran(c.tally)}"`;
      return `<td class="${cellClass(c)}" ${data}><a href="#${id}">${cellText(c.tally)}</a></td>`;
    });
    return `<tr><td class="row">${escapeHtml(r)}</td>${tds.join('')}</tr>`;
  });
  return `<table id="${tableId}">${head}${body.join('')}</table>`;
}

function caseItem(c: CaseRecord): string {
  const extra = [c.actual ? `got ${c.actual}` : '', c.errorKind ? `[${c.errorKind}]` : '', c.knownIssue ? `known issue ${c.knownIssue}` : '', c.detail ?? ''].filter(Boolean).join(' ');
  return `<li class="${c.status}"><b>${c.status}</b> <code>${escapeHtml(c.id)}</code>: expected ${escapeHtml(c.expected)} ${escapeHtml(extra)}</li>`;
}

/** Worst first: what a reader drilling into a cell is looking for. */
const ORDER: readonly string[] = ['fail', 'errored', 'refused-unclassified', 'pass', 'not-applicable'];

function drillSection(d: Drill): string {
  const sorted = [...d.cases].sort((a, b) => ORDER.indexOf(a.status) - ORDER.indexOf(b.status));
  const items = sorted.length > 0 ? sorted.map(caseItem).join('') : '<li>no cases</li>';
  return `<section class="cases" id="${d.id}"><h3>${escapeHtml(d.title)}</h3><ul>${items}</ul></section>`;
}

export function renderHtml(report: JsonlReport): string {
  const ids = report.header.implementations.map((i) => i.id);
  const drills: Drill[] = [];
  const parts: string[] = [`<h1>s3cse run: ${escapeHtml(report.header.suites.join(', '))}</h1>`, `<p id="provenance">${escapeHtml(headline(report))}</p>`];
  if (report.footer.interrupted) parts.push('<p class="interrupted">Interrupted: the run was stopped before its last case.</p>');
  for (const suite of ['cross', 'range']) {
    if (!report.cases.some((c) => c.suite === suite)) continue;
    parts.push(`<h2>${suite === 'cross' ? 'Cross-decryption' : 'Ranged GET'}: writer × reader</h2>`, matrix(`${suite}-matrix`, pairCells(report, suite), ids, ids, 'writer \\ reader', drills));
  }
  const features = allFeatures(report);
  if (features.length > 0) parts.push('<h2>Implementation × feature</h2>', matrix('feature-matrix', featureCells(report), ids, features, 'implementation', drills));
  parts.push(...drills.map(drillSection), '<h2>Suites</h2>', groupsTable(report));
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>s3cse report</title><style>${STYLE}</style></head><body>${parts.join('\n')}</body></html>\n`;
}

function groupsTable(report: JsonlReport): string {
  const head = `<tr><th>suite</th><th>implementation</th>${CASE_STATUSES.map((s) => `<th>${s}</th>`).join('')}</tr>`;
  const rows = bySuiteAndImplementation(report).map((g) => {
    const t = tally(g.cases);
    return `<tr><td class="row">${escapeHtml(g.suite)}</td><td>${escapeHtml(g.implementation)}</td>${CASE_STATUSES.map((s) => `<td>${t[s]}</td>`).join('')}</tr>`;
  });
  return `<table id="suites">${head}${rows.join('')}</table>`;
}

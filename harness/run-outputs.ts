/** What `s3cse run` prints and writes once its cases are done: the tables, report.json, matrix.json, matrix.md. */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { matrixCells, renderConfigurationMatrix, renderMatrix, type MatrixCell } from '../reports/matrix.js';
import { featuresFromClaims } from './supervisor/suite-bridge.js';
import { renderSummaryTable, totals, type ImplementationSummary, type RunReport } from '../reports/summary.js';
import { RANGE_SUITE, RANGES } from '../suites/cross/ranges.js';
import { RANGE_COST_PREFIX } from '../suites/cross/range-cost.js';
import { CROSS_SUITE } from '../suites/cross/run.js';
import type { CaseResult } from '../suites/run.js';
import type { AdapterSession } from './supervisor/session.js';

export interface RunRecord {
  readonly sessions: readonly AdapterSession[];
  readonly targetDescription: string;
  readonly started: number;
  readonly results: readonly CaseResult[];
  readonly suiteNames: readonly string[];
}

export function buildReport(run: RunRecord): RunReport {
  return {
    manifest: { type: 's3ec-conformance-report', version: 1 },
    implementations: run.sessions.map(
      (s): ImplementationSummary => ({
        id: s.info.id,
        name: s.info.name,
        version: s.info.version,
        language: s.info.language,
        restarts: s.restarts,
        features: featuresFromClaims(s.info.write, s.info.read, s.info.features),
      }),
    ),
    target: run.targetDescription,
    startedAt: new Date(run.started).toISOString(),
    durationMs: Date.now() - run.started,
    totals: totals(run.results),
    results: [...run.results],
  };
}

/** Prints the summary and matrices; with `out`, writes the three files. */
export function publish(run: RunRecord, report: RunReport, out: string | undefined, faultSummary: string | undefined): void {
  const order = run.sessions.map((s) => s.info.id);
  const crossResults = run.results.filter((r) => r.suite === CROSS_SUITE);
  const rangeResults = run.results.filter((r) => r.suite === RANGE_SUITE && !r.id.startsWith(RANGE_COST_PREFIX));
  const matrix = [
    run.suiteNames.includes(CROSS_SUITE) ? `cross-decryption:\n${renderMatrix(crossResults, order)}` : '',
    run.suiteNames.includes(RANGE_SUITE) ? `ranged GET (${RANGES.length} ranges per object; readers claiming range only):\n${renderMatrix(rangeResults, order)}` : '',
  ]
    .filter(Boolean)
    .join('\n');
  process.stdout.write(`${renderSummaryTable(report)}\n${matrix}`);
  if (faultSummary) process.stdout.write(faultSummary);
  if (out) writeOutputs(out, report, `${matrix}\n${renderConfigurationMatrix(crossResults, order)}`, matrixCells(crossResults, order));
}

/** Written under temporary names and renamed: a crash never leaves half a report. */
function writeOutputs(dir: string, report: RunReport, matrixText: string, cells: readonly MatrixCell[]): void {
  mkdirSync(dir, { recursive: true });
  const matrix = { target: report.target, startedAt: report.startedAt, durationMs: report.durationMs, implementations: report.implementations, cells };
  const files: [string, string][] = [
    ['report.json', `${JSON.stringify(report, null, 1)}\n`],
    ['matrix.json', `${JSON.stringify(matrix, null, 1)}\n`],
    ['matrix.md', `# Cross-decryption matrix\n\nTarget: ${report.target}. Started ${report.startedAt}, ${(report.durationMs / 1000).toFixed(1)} s.\n\n\`\`\`\n${matrixText}\`\`\`\n`],
  ];
  for (const [name, text] of files) {
    writeFileSync(join(dir, `${name}.partial`), text);
    renameSync(join(dir, `${name}.partial`), join(dir, name));
  }
  process.stdout.write(`report written to ${join(dir, 'report.json')}, ${join(dir, 'matrix.json')} and ${join(dir, 'matrix.md')}\n`);
}

/**
 * `s3cse report`: a saved report.jsonl read back (validated line by line as it is read; a cut-off
 * report is refused) and rendered as JUnit, Markdown, HTML, badges or one JSON document;
 * `--baseline OLD` compares two reports; `report merge` joins shard reports. The command line's
 * entry point to reports/ (cli/ reaches nothing else of it).
 */
import { createReadStream, mkdirSync, appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { runBadges } from '../reports/badges.js';
import { compareReports, MergeError, mergeReports, renderComparison, serializeJsonl } from '../reports/compare.js';
import { renderHtml } from '../reports/html.js';
import { JsonlReportReader, ReportReadError, type JsonlReport } from '../reports/jsonl.js';
import { renderJunit } from '../reports/junit.js';
import { renderMarkdown } from '../reports/markdown.js';
import { UsageError } from './targets/usage-error.js';

export const REPORT_FORMATS = ['junit', 'md', 'html', 'badges', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** A report that is not one (not JSONL, breaks its schema, cut off): the check failed, exit 1. */
export function isReportFileError(e: unknown): e is ReportReadError | MergeError {
  return e instanceof ReportReadError || e instanceof MergeError;
}

/** Validates each line as it arrives, so a huge report is never held as text. */
export async function readReport(file: string): Promise<JsonlReport> {
  const reader = new JsonlReportReader(file);
  const input = createReadStream(file);
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const line of lines) reader.push(line);
  } finally {
    input.destroy();
  }
  return reader.end();
}

const FILE_OF: Readonly<Record<Exclude<ReportFormat, 'badges'>, string>> = { junit: 'junit.xml', md: 'summary.md', html: 'report.html', json: 'report-full.json' };

function render(report: JsonlReport, format: ReportFormat): string {
  switch (format) {
    case 'junit':
      return renderJunit(report);
    case 'md':
      return renderMarkdown(report);
    case 'html':
      return renderHtml(report);
    case 'badges':
      return `${JSON.stringify(runBadges(report), null, 1)}\n`;
    case 'json':
      return `${JSON.stringify(report, null, 1)}\n`;
  }
}

export interface ReportOptions {
  readonly formats?: readonly ReportFormat[];
  readonly out?: string;
  readonly write?: (text: string) => void;
}

/** With `out`, every format (or those asked for) as files; without, one format on stdout. */
export async function reportCommand(file: string, options: ReportOptions = {}): Promise<number> {
  const report = await readReport(file);
  const write = options.write ?? ((text: string) => void process.stdout.write(text));
  const formats = options.formats ?? (options.out ? REPORT_FORMATS : ['md']);
  if (!options.out && formats.length !== 1) throw new UsageError('--format: name one format when writing to stdout, or give --out DIR');
  if (!options.out) write(render(report, formats[0]!));
  else writeAll(report, formats, options.out, write);
  const summary = process.env['GITHUB_STEP_SUMMARY'];
  if (summary && formats.includes('md')) appendFileSync(summary, renderMarkdown(report));
  return 0;
}

function writeAll(report: JsonlReport, formats: readonly ReportFormat[], out: string, write: (text: string) => void): void {
  mkdirSync(out, { recursive: true });
  for (const format of formats) {
    if (format === 'badges') {
      mkdirSync(join(out, 'badges'), { recursive: true });
      for (const [id, b] of Object.entries(runBadges(report))) writeFileSync(join(out, 'badges', `${id}.json`), `${JSON.stringify(b)}\n`);
      continue;
    }
    writeFileSync(join(out, FILE_OF[format]), render(report, format));
  }
  write(`wrote ${formats.map((f) => (f === 'badges' ? 'badges/' : FILE_OF[f])).join(', ')} to ${out}\n`);
}

/** Exit 1 when the new report has a new failure or an unexpected pass (of `failOn` only, if given). */
export async function baselineCommand(baseline: string, current: string, failOn?: string, write: (text: string) => void = (t) => void process.stdout.write(t)): Promise<number> {
  const [old, now] = await Promise.all([readReport(baseline), readReport(current)]);
  if (failOn !== undefined && !now.header.implementations.some((i) => i.id === failOn))
    throw new UsageError(`--fail-on: ${current} has no implementation ${failOn} (it has ${now.header.implementations.map((i) => i.id).join(', ')})`);
  const comparison = compareReports(old, now, failOn);
  write(renderComparison(comparison));
  return comparison.regressions.length + comparison.unexpectedPasses.length > 0 ? 1 : 0;
}

export async function mergeCommand(files: readonly string[], out: string): Promise<number> {
  if (files.length < 2) throw new UsageError('report merge: give at least two shard reports');
  const merged = mergeReports(await Promise.all(files.map(readReport)));
  writeFileSync(out, serializeJsonl(merged));
  process.stdout.write(`merged ${files.length} reports (${merged.cases.length} cases) into ${out}\n`);
  return merged.footer.gating && merged.footer.gating > 0 ? 1 : 0;
}

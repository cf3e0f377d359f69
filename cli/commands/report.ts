/** `s3cse report`: a saved report.jsonl re-rendered, compared with a baseline, or shard reports merged. */
import { Option, type Command } from 'commander';
import { baselineCommand, mergeCommand, REPORT_FORMATS, reportCommand, type ReportFormat } from '../../harness/report-commands.js';
import { UsageError } from '../../harness/targets/usage-error.js';
import { checkOutputFolder } from '../io/output-folder.js';
import { commaList } from '../options.js';
import type { SetStatus } from './conformance.js';

interface ReportFlags {
  readonly format?: string[];
  readonly out?: string;
  readonly baseline?: string;
  readonly failOn?: string;
}

const EXAMPLES = `
Examples:
  s3cse report out/report.jsonl                          # the Markdown summary on stdout
  s3cse report out/report.jsonl --format junit > junit.xml
  s3cse report out/report.jsonl --out out/rendered       # junit.xml, summary.md, report.html, badges/, report-full.json
  s3cse report --baseline main/report.jsonl out/report.jsonl --fail-on my-s3ec
  s3cse report merge shard-1/report.jsonl shard-2/report.jsonl --out all.jsonl
With GITHUB_STEP_SUMMARY set, the Markdown summary is also appended there.
Exit status 1 for a report that is not whole (cut off, or not a report), and for --baseline with a
new failure or an unexpected pass.
`;

export function addReportCommand(program: Command, setStatus: SetStatus): void {
  const report = program
    .command('report')
    .summary('a run report (report.jsonl) as JUnit, Markdown, HTML or badges; --baseline to gate on changes')
    .description(
      'Reads a report.jsonl written by s3cse run, validating every line, and renders it; with --baseline OLD, compares NEW with OLD and exits 1 on any new failure or unexpected pass, naming each case.',
    )
    .argument('[REPORTS...]', 'the report; with --baseline, the new one')
    .addOption(new Option('--format <NAMES>', `comma-separated: ${REPORT_FORMATS.join(', ')} (default: md on stdout, all with --out)`).argParser(commaList))
    .option('--out <DIR>', 'write each format as a file in DIR')
    .option('--baseline <OLD>', 'compare the report with this earlier one')
    .option('--fail-on <IMPL>', 'with --baseline: gate on this implementation only')
    .addHelpText('after', EXAMPLES)
    // `report merge ... --out FILE` is merge's own --out, not report's.
    .enablePositionalOptions()
    .action(async (files: string[], flags: ReportFlags) => setStatus(await runReport(files, flags)));
  report
    .command('merge')
    .summary('shard reports (s3cse run --shard I/N) of one run joined into one')
    .argument('<REPORTS...>', 'the shard reports')
    .requiredOption('--out <FILE>', 'the merged report.jsonl')
    .action(async (files: string[], flags: { out: string }) => setStatus(await mergeCommand(files, flags.out)));
}

async function runReport(files: readonly string[], flags: ReportFlags): Promise<number> {
  if (flags.baseline !== undefined) {
    if (files.length !== 1) throw new UsageError('--baseline OLD takes one NEW report');
    return baselineCommand(flags.baseline, files[0]!, flags.failOn);
  }
  if (flags.failOn !== undefined) throw new UsageError('--fail-on goes with --baseline');
  if (files.length !== 1) throw new UsageError('report: give one report.jsonl (report merge joins several)');
  const unknown = (flags.format ?? []).filter((f) => !(REPORT_FORMATS as readonly string[]).includes(f));
  if (unknown.length > 0) throw new UsageError(`--format: unknown format ${unknown.join(',')}; known: ${REPORT_FORMATS.join(', ')}`);
  if (flags.out !== undefined) checkOutputFolder('--out', flags.out);
  return reportCommand(files[0]!, { ...(flags.format ? { formats: flags.format as ReportFormat[] } : {}), ...(flags.out ? { out: flags.out } : {}) });
}

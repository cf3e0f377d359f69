/** `s3cse coverage`: MUST / SHOULD / MAY lines cited, exercised, excepted and uncovered, and duvet's report. */
import { Option, type Command } from 'commander';
import { coverageCommand, LINE_LISTS, type LineList } from '../../harness/coverage-command.js';
import type { CliIo } from '../io/cli-io.js';
import type { SetStatus } from './conformance.js';

interface CoverageFlags {
  readonly report?: string;
  readonly lines: LineList;
  readonly duvet: boolean;
}

export function addCoverageCommand(program: Command, io: CliIo, setStatus: SetStatus): void {
  program
    .command('coverage')
    .summary('requirement lines of the pinned spec: cited by a case, exercised by a passing case, excepted, uncovered')
    .description(
      "Counts every MUST, SHOULD and MAY line of the pinned S3EC specification (duvet's ids, suites/requirements.json) against the corpus's citations (specLines), a run's passing cases (--report) and compliance_exceptions/. With --duvet, also runs duvet 0.4.3 (HTML report in reports/out/duvet/) and exits 1 when duvet and this count disagree on which lines the cases cite.",
    )
    .option('--report <FILE>', 'report.json of s3cse conformance --out or s3cse run --out: its passing cases are the exercised ones')
    .addOption(new Option('--lines <WHICH>', 'also list lines').choices([...LINE_LISTS]).default('none'))
    .option('--duvet', 'run duvet and compare its cited lines with ours (needs duvet: cargo install duvet --version 0.4.3 --locked)', false)
    .addHelpText(
      'after',
      '\nExamples:\n  s3cse coverage\n  s3cse conformance --out reports/out/conformance && s3cse coverage --report reports/out/conformance/report.json --lines uncovered\n  s3cse coverage --duvet\n',
    )
    .action((flags: CoverageFlags) => {
      setStatus(coverageCommand({ ...(flags.report ? { report: flags.report } : {}), lines: flags.lines, duvet: flags.duvet }, (line) => void io.stdout.write(`${line}\n`)));
    });
}

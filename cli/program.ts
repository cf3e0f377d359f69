/**
 * The `s3cse` command tree (commander): per-command --help on stdout with descriptions, defaults
 * and examples, --version, suggestions for mistyped commands and options, and an error for a flag
 * given twice. Parse errors print `s3cse: INVALID_ARGUMENT: …` and end with exit status 2.
 */
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { addBenchCommand } from './commands/bench.js';
import { addCertifyCommand } from './commands/certify.js';
import { addConformanceCommand, addRunCommand, type SetStatus } from './commands/conformance.js';
import { addListCommand, addVectorsCommand } from './commands/corpus.js';
import { addCoverageCommand } from './commands/coverage.js';
import { addDecryptCommand } from './commands/decrypt.js';
import { addEmrfsCommands } from './commands/emrfs.js';
import { addEncryptCommand } from './commands/encrypt.js';
import { addReportCommand } from './commands/report.js';
import { addServeCommand } from './commands/serve.js';
import { addRecordCommand } from './commands/record.js';
import type { CliIo } from './io/cli-io.js';
import { refuseRepeatedOptions } from './options.js';

export const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const EXIT_HELP = `
Exit status: 0 done; 1 a conformance case failed; 2 bad usage, arguments or local files; 3 the object
failed authentication (tampered, wrong key); 4 refused by configuration or policy; 5 not an object
this tool can read (not encrypted, malformed, missing instruction file); 6 S3 or KMS failed; 70 a bug.
Errors print one line on stderr: s3cse: CODE: message.

Run 's3cse COMMAND --help' for a command's options and examples.
`;

export function buildProgram(io: CliIo, setStatus: SetStatus): Command {
  const program = new Command('s3cse');
  program
    .description('Amazon S3 client-side encryption (S3 CSE / S3EC): encrypt and decrypt objects as the AWS encryption clients do, read and write EMRFS objects, and run the conformance suites.')
    .version(VERSION, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .helpCommand('help [COMMAND]', 'show help for a command')
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      // Help wraps at the terminal's width, or 100 columns in a file or pipe (commander's 80 cuts the examples).
      getOutHelpWidth: () => (io.stdout as { columns?: number }).columns ?? 100,
      getErrHelpWidth: () => (io.stderr as { columns?: number }).columns ?? 100,
      writeErr: (text) => void io.stderr.write(text),
      outputError: (text, write) => write(`s3cse: INVALID_ARGUMENT: ${text.replace(/^error: /, '')}`),
    })
    .showSuggestionAfterError(true)
    // A command's options are its own: `report merge ... --out FILE` is merge's --out, not report's.
    .enablePositionalOptions()
    .exitOverride()
    .addHelpText('after', EXIT_HELP);
  addEncryptCommand(program, io);
  addDecryptCommand(program, io);
  addEmrfsCommands(program, io);
  addConformanceCommand(program, setStatus);
  addRunCommand(program, setStatus);
  addCertifyCommand(program, setStatus);
  addBenchCommand(program, setStatus);
  addReportCommand(program, setStatus);
  addServeCommand(program, io);
  addListCommand(program, io);
  addCoverageCommand(program, io, setStatus);
  addRecordCommand(addVectorsCommand(program, io), setStatus);
  program
    .command('version')
    .description('print the version')
    .action(() => void io.stdout.write(`${VERSION}\n`));
  refuseRepeatedOptions(program);
  return program;
}

/** `s3cse vectors verify` and `s3cse list`: the corpus checked and counted, and the cases a run would hold. */
import type { Command } from 'commander';
import { listCases, verifyVectors } from '../../harness/corpus-commands.js';
import type { CliIo } from '../io/cli-io.js';
import { commaList } from '../options.js';

export function addVectorsCommand(program: Command, io: CliIo): Command {
  const vectors = program.command('vectors').summary('the case files of vectors/corpus: verify and record them').description('Commands over the corpus of case files (vectors/corpus).');
  vectors
    .command('verify')
    .summary('check every case file against its schema and every body against its digest; print the counts')
    .description(
      'Loads every case file of vectors/corpus: schema (ajv), body digests, seeded plaintexts, unique ids, derived cases whose source exists. Prints cases by area and by producer; exits 1 naming the first bad file.',
    )
    .action(() => verifyVectors((line) => void io.stdout.write(`${line}\n`)));
  return vectors;
}

interface ListFlags {
  readonly suite?: string[];
  readonly impl?: string[];
}

export function addListCommand(program: Command, io: CliIo): void {
  program
    .command('list')
    .summary('the cases a run would hold: id, features, and per --impl whether it applies')
    .description(
      'Prints one tab-separated line per case: suite, id, the features it needs and, for each --impl, "runs" or which claims are missing. Adapters are started on the embedded target to read their claims.',
    )
    .option('--suite <NAMES>', 'suites, comma-separated (default: corpus, every suite)', commaList)
    .option('--impl <NAMES>', 'implementations whose claims to check, comma-separated', commaList)
    .addHelpText('after', '\nExamples:\n  s3cse list --suite negative\n  s3cse list --suite recorded --impl go-s3ec-v4\n')
    .action(async (flags: ListFlags) => {
      await listCases({ ...(flags.suite ? { suites: flags.suite } : {}), ...(flags.impl ? { impls: flags.impl } : {}) }, (line) => void io.stdout.write(`${line}\n`));
    });
}

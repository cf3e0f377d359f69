/** `s3cse vectors record`: the corpus of objects the real clients wrote, recorded through their adapters. */
import type { Command } from 'commander';
import { recordVectors, renderSummary } from '../../harness/record/record.js';
import { checkOutputFolder } from '../io/output-folder.js';
import { commaList } from '../options.js';
import type { SetStatus } from './conformance.js';

interface RecordFlags {
  readonly impl: string[];
  readonly out?: string;
}

const EXAMPLES = `
Examples:
  s3cse vectors record --impl java-v1,java-s3ec-v3,java-s3ec-v4,go-s3ec-v3,go-s3ec-v4,go-sdk-v1-s3crypto,python-s3ec,reference
  s3cse vectors record --impl reference --out "$(mktemp -d)"
Each implementation's cases go to OUT/recorded/<impl>/cases.json (bodies over 4 KiB in bodies/ beside it),
replacing the previous recording; an object a client cannot write is reported and skipped.
`;

/** `record` under the `vectors` command of corpus.ts. */
export function addRecordCommand(vectors: Command, setStatus: SetStatus): void {
  vectors
    .command('record')
    .summary('record objects written by real clients as decrypt cases')
    .description(
      'Starts each --impl as an adapter on the embedded S3 + KMS target, writes every combination it claims (format, key, storage) at sizes 0 B to 64 KiB + 3, one 1 MiB + 3 object per format and one non-ASCII materials description or encryption context per format and key, and stores what S3 holds with the KMS answers needed to read it offline. Exits 1 when an implementation did not start or recorded nothing.',
    )
    .requiredOption('--impl <NAMES>', 'implementations, comma-separated (folders of implementations/)', commaList)
    .option('--out <DIR>', 'corpus root (default: vectors/corpus)')
    .addHelpText('after', EXAMPLES)
    .action(async (flags: RecordFlags) => {
      if (flags.out !== undefined) checkOutputFolder('--out', flags.out);
      const summaries = await recordVectors({ impls: flags.impl, ...(flags.out ? { out: flags.out } : {}) });
      process.stdout.write(renderSummary(summaries));
      setStatus(summaries.some((s) => s.cases === 0) ? 1 : 0);
    });
}

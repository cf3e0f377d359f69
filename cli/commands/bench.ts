/** `s3cse bench`: the performance suite through the adapters on the embedded target (harness/bench/). */
import { Option, type Command } from 'commander';
import { runBenchCommand } from '../../harness/bench-command.js';
import { checkOutputFolder } from '../io/output-folder.js';
import { commaList, integerIn, nonNegativeIntegers } from '../options.js';
import type { SetStatus } from './conformance.js';

interface BenchFlags {
  readonly impl?: string[];
  readonly sizes?: number[];
  readonly objects?: number;
  readonly capSeconds?: number;
  readonly note?: string;
  readonly out?: string;
}

export function addBenchCommand(program: Command, setStatus: SetStatus): void {
  program
    .command('bench')
    .description(
      "time PUT and GET through each implementation's adapter on the embedded target, against raw S3 of the same bytes, and sample the adapter's peak RSS on large objects; writes performance.json, .md and .html. Exit 1 only when a streaming claim broke the 256 MiB RSS ceiling or an adapter crashed (timings never gate)",
    )
    .option('--impl <NAMES|PATHS>', 'implementations, comma-separated (default: reference)', commaList)
    .option('--sizes <N,N...>', 'object sizes in bytes (default: 1 KiB, 8 MiB, 256 MiB, 2 GiB)', nonNegativeIntegers)
    .option('--objects <N>', 'objects per size below 8 MiB (latency-bound; default 200)', integerIn(1, 100_000))
    .option('--cap-seconds <N>', 'abandon one call after N seconds (default 300)', integerIn(1, 3600))
    .option('--note <TEXT>', 'a sentence for the report (why these sizes, say)')
    .addOption(new Option('--target <NAME>', 'the target: embedded only (in process, so raw S3 and the adapters share it)').choices(['embedded']).default('embedded'))
    .option('--out <DIR>', 'write performance.json, performance.md and performance.html there')
    .addHelpText('after', '\nExample:\n  s3cse bench --impl reference,go-s3ec-v4 --sizes 1024,8388608 --out reports/out/perf\n')
    .action(async (flags: BenchFlags) => {
      if (flags.out !== undefined) checkOutputFolder('--out', flags.out);
      setStatus(
        await runBenchCommand({
          impls: flags.impl ?? ['reference'],
          ...(flags.sizes ? { sizes: flags.sizes } : {}),
          ...(flags.objects ? { smallObjects: flags.objects } : {}),
          ...(flags.capSeconds ? { capMs: flags.capSeconds * 1000 } : {}),
          ...(flags.note ? { note: flags.note } : {}),
          ...(flags.out ? { out: flags.out } : {}),
        }),
      );
    });
}

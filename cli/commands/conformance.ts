/** `s3cse conformance` and `s3cse run`: the harness's two runs, with their outputs checked before the first case. */
import { Option, type Command } from 'commander';
import { conformanceSuiteNames, runConformance } from '../../harness/conformance.js';
import { RUN_SUITES, RUN_TARGETS, runMatrix, type MatrixRunOptions } from '../../harness/run.js';
import { checkOutputFolder } from '../io/output-folder.js';
import { commaList, integerIn, nonNegativeIntegers } from '../options.js';

/** Where a run's exit status goes (0 all passed, 1 a case failed or errored). */
export type SetStatus = (status: number) => void;

interface ConformanceFlags {
  readonly suite?: string[];
  readonly out?: string;
  readonly verbose: boolean;
}

export function addConformanceCommand(program: Command, setStatus: SetStatus): void {
  program
    .command('conformance')
    .summary('the reference implementation against every suite, on the embedded S3 + KMS')
    .description(
      'Runs every case of the corpus (vectors/corpus: known answers, objects recorded from the real clients, the negative catalogue, round trips and tampers) against the reference implementation in process, on the embedded target, prints a summary table and exits 1 if any case failed or errored.',
    )
    .option('--suite <NAMES>', `suites to run, comma-separated: ${conformanceSuiteNames().join(', ')} (default: all)`, commaList)
    .option('--out <DIR>', 'also write DIR/report.json (every case, with the spec sections it cites)')
    .option('--verbose', 'one line per case', false)
    .addHelpText('after', '\nExamples:\n  s3cse conformance\n  npm run conformance -- --suite tamper --out reports/out/conformance   # through npm: options after --\n')
    .action(async (flags: ConformanceFlags) => {
      if (flags.out !== undefined) checkOutputFolder('--out', flags.out);
      setStatus(await runConformance({ ...(flags.suite ? { suites: flags.suite } : {}), ...(flags.out ? { out: flags.out } : {}), verbose: flags.verbose }));
    });
}

interface RunFlags {
  readonly suite: string[];
  readonly impl?: string[];
  readonly server?: string;
  readonly claims?: string;
  readonly targetPort?: number;
  readonly knownIssues?: string;
  readonly shard?: string;
  readonly target: string;
  readonly out?: string;
  readonly sizes?: number[];
  readonly maxResponseBytes?: number;
  readonly bucket?: string;
  readonly kmsKeyId?: string;
  readonly region?: string;
  readonly endpointUrl?: string;
  readonly localstackImage?: string;
  readonly emrfsConfig?: string;
  readonly faults?: string;
  readonly faultSeed: number;
  readonly validateProtocol: boolean;
  readonly requireTarget: boolean;
  readonly verbose: boolean;
  readonly jobs?: number;
  readonly repeat?: number;
}

const RUN_EXAMPLES = `
Examples:
  s3cse run --suite cross --impl reference,java-v1,python-s3ec --target embedded --out reports/out/cross
  s3cse run --suite corpus --impl java-v1,go-s3ec-v4,python-s3ec --jobs 4 --out reports/out/corpus
  s3cse run --suite cross,range --impl reference,go-s3ec-v4 --target moto --require-target
  s3cse run --suite cross --impl reference --faults reset-mid-body:0.1,503-slowdown:0.1 --fault-seed 7
  s3cse run --suite cross --impl reference --target aws --bucket B --kms-key-id K --region R
  s3cse run --suite cross --impl reference,~/my-s3ec/adapter.json --known-issues ~/my-s3ec/known-issues.json
  s3cse run --suite cross --impl reference --server http://127.0.0.1:8081 --claims harness/claims/aws-python-v4.json
--impl takes the folders of implementations/ by name, or a path to a folder holding adapter.json or to
the manifest itself; each is built on first use. See harness/IMPLEMENTING.md.
`;

export function addRunCommand(program: Command, setStatus: SetStatus): void {
  program
    .command('run')
    .summary('real clients against each other through their adapters: the cross-decryption matrix')
    .description(
      'Starts each --impl as an adapter process, puts objects through the target with every writer and reads them with every reader; prints the writer x reader matrix and exits 1 on any failure or errored case.',
    )
    .option('--suite <NAMES>', `comma-separated: ${RUN_SUITES.join(', ')}`, commaList, ['cross'])
    .option('--impl <NAMES|PATHS>', 'implementations, comma-separated: names of implementations/ folders, or paths to a folder holding adapter.json or to the manifest (default: reference)', commaList)
    .option('--server <URL>', 'also drive a server you started yourself (PROTOCOL.md, "A server you started")')
    .option('--claims <FILE>', "what --server does, when it serves no /capabilities (protocol/schemas/claims.schema.json; harness/claims/ has AWS's test servers')")
    .option('--target-port <N>', "fixed port of the embedded target (with --server: default the claims' AWS_ENDPOINT_URL port, else 4566)", integerIn(1, 65535))
    .option('--shard <I/N>', 'only shard I of N (a stable subset; s3cse report merge joins the shards)')
    .option('--known-issues <FILE>', 'your own expected failures, as harness/known-issues.json (schema-checked); an entry that passes fails the run')
    .addOption(new Option('--target <NAME>', 'what serves S3 and KMS').choices(RUN_TARGETS).default('embedded'))
    .option('--out <DIR>', 'write report.jsonl (streamed while the run goes), report.json, matrix.json and matrix.md there')
    .option('--sizes <N,N...>', 'object sizes in bytes (default: 0 B to 8 MiB + 1)', nonNegativeIntegers)
    .option('--max-response-bytes <N>', 'cap on any adapter answer (default: 1 MiB above the largest object)', integerIn(1, Number.MAX_SAFE_INTEGER))
    .option('--validate-protocol', 'check every adapter message against protocol/schemas', false)
    .option('--require-target', 'fail instead of skipping when the target cannot run here', false)
    .option('--bucket <NAME>', 'bucket (aws target: an existing one)')
    .option('--kms-key-id <ID>', 'KMS key (aws target)')
    .option('--region <REGION>', 'region (aws target)')
    .option('--endpoint-url <URL>', 'aws target: an S3-compatible endpoint instead of AWS (also AWS_ENDPOINT_URL_S3); S3 and KMS there unless AWS_ENDPOINT_URL_KMS says otherwise')
    .option('--localstack-image <IMAGE>', 'localstack target: the container image (default s3cse/localstack:<version> when built locally, else localstack/localstack:<version>)')
    .option('--emrfs-config <FILE>', "build the reference adapter's clients from these emrfs-site settings")
    .option('--faults <SPEC>', 'NAME[:RATE][*TIMES],... through the loopback fault proxy (harness/targets/faults)')
    .option('--fault-seed <N>', 'seed of the fault choices', integerIn(0, Number.MAX_SAFE_INTEGER), 1)
    .option('--jobs <N>', 'corpus cases in flight at once, spread across the adapters (default 1)', integerIn(1, 64))
    .option('--repeat <K>', 'run every corpus case K times with distinct ids (to measure how a run scales)', integerIn(1, 1000))
    .option('--verbose', 'one line per case', false)
    .addHelpText('after', RUN_EXAMPLES)
    .action(async (flags: RunFlags) => {
      if (flags.out !== undefined) checkOutputFolder('--out', flags.out);
      const { suite, impl, ...rest } = flags;
      // Flags commander left unset are absent, not undefined, for the options' exact types.
      const given = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined)) as Omit<MatrixRunOptions, 'suites' | 'impls'>;
      setStatus(await runMatrix({ ...given, suites: suite, ...(impl ? { impls: impl } : {}) }));
    });
}

/** `s3cse certify`: one implementation through every suite with the reference as its peer, and its certificate. */
import { Option, type Command } from 'commander';
import { certify, type CertifyOptions } from '../../harness/certify.js';
import { RUN_TARGETS } from '../../harness/run.js';
import { checkOutputFolder } from '../io/output-folder.js';
import { integerIn, nonNegativeIntegers } from '../options.js';
import type { SetStatus } from './conformance.js';

interface CertifyFlags {
  readonly impl?: string;
  readonly server?: string;
  readonly claims?: string;
  readonly targetPort?: number;
  readonly knownIssues?: string;
  readonly target: string;
  readonly out: string;
  readonly sizes?: number[];
  readonly validateProtocol: boolean;
  readonly bucket?: string;
  readonly kmsKeyId?: string;
  readonly region?: string;
  readonly jobs?: number;
}

const EXAMPLES = `
Examples:
  s3cse certify --impl go-s3ec-v4 --out reports/out/certificates/go-s3ec-v4
  s3cse certify --impl java-s3ec-v4 --jobs 2 --out reports/out/certificates/java-s3ec-v4
  s3cse certify --impl ~/my-s3ec/adapter.json --known-issues ~/my-s3ec/known-issues.json --out cert
  s3cse certify --server http://127.0.0.1:8081 --claims harness/claims/aws-python-v4.json --out cert
Writes report.jsonl, certificate.json (reports/schemas/certificate.schema.json), certificate.md,
certificate.html and badge.json (a shields.io endpoint). Exit 0 only when every claim is certified;
1 when a claim failed or went unverified, or the implementation claims nothing.
`;

export function addCertifyCommand(program: Command, setStatus: SetStatus): void {
  program
    .command('certify')
    .summary('one implementation through every suite, the reference as its peer: a certificate per claim')
    .description(
      "Runs the cross, range and corpus suites with the implementation and the reference, then gives each of the implementation's claims a verdict from its own cases only (certified, not certified: N failures, not verified: categories unreported).",
    )
    .option('--impl <NAME|PATH>', 'the implementation: a folder name of implementations/, or a path to a folder holding adapter.json or to the manifest')
    .option('--server <URL>', 'or a server you started yourself (PROTOCOL.md, "A server you started")')
    .option('--claims <FILE>', 'what --server does, when it serves no /capabilities')
    .option('--target-port <N>', 'fixed port of the embedded target (with --server)', integerIn(1, 65535))
    .option('--known-issues <FILE>', 'your expected failures; they still count against the claim, and are named in it')
    .addOption(new Option('--target <NAME>', 'what serves S3 and KMS (the corpus suites need embedded)').choices(RUN_TARGETS).default('embedded'))
    .requiredOption('--out <DIR>', 'where the report and the certificate go')
    .option('--sizes <N,N...>', 'object sizes of the cross suite (default: 0 B to 8 MiB + 1)', nonNegativeIntegers)
    .option('--validate-protocol', 'check every adapter message against protocol/schemas', false)
    .option('--bucket <NAME>', 'bucket (aws target)')
    .option('--kms-key-id <ID>', 'KMS key (aws target)')
    .option('--region <REGION>', 'region (aws target)')
    .option('--jobs <N>', 'corpus cases in flight at once, spread over the implementation and its peer (default 1; the verdicts are the same)', integerIn(1, 64))
    .addHelpText('after', EXAMPLES)
    .action(async (flags: CertifyFlags) => {
      checkOutputFolder('--out', flags.out);
      const given = Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined)) as unknown as CertifyOptions;
      setStatus(await certify(given));
    });
}

/** `s3cse encrypt`: a local file into an S3 client-side-encrypted body and its metadata, offline. */
import { Option, type Command } from 'commander';
import { encryptObject, resolveWriteFormat, type CommitmentPolicy, type WriteFormat } from '@s3cse/reference';
import { fail } from '../fail.js';
import type { CliIo } from '../io/cli-io.js';
import { openInput } from '../io/input-file.js';
import { checkDistinctOutputs, planOutput, writeOutput } from '../io/output-file.js';
import { KEYRING_SPEC_HELP, keyringFromSpec } from '../keyring-spec.js';
import { commitmentPolicyOption, jsonMap, required, typed } from '../options.js';

interface EncryptFlags {
  readonly in?: string;
  readonly keyring?: string;
  readonly storage: 'metadata' | 'instruction';
  readonly format: WriteFormat;
  readonly commitmentPolicy: CommitmentPolicy;
  readonly matdesc?: string;
  readonly kmsEndpoint?: string;
  readonly bodyOut?: string;
  readonly metadataOut?: string;
  readonly instructionOut?: string;
}

const EXAMPLES = `
Examples:
  s3cse encrypt --in report.csv --keyring aes:master.key --body-out body.bin --metadata-out meta.json
  s3cse encrypt --in - --keyring rsa:public.pem --storage instruction \\
      --body-out body.bin --metadata-out meta.json --instruction-out body.instruction < report.csv

Uploading what it wrote (the AWS CLI), for an object KEY in bucket BUCKET:
  aws s3api put-object --bucket BUCKET --key KEY --body body.bin --metadata file://meta.json
  aws s3api put-object --bucket BUCKET --key KEY.instruction --body body.instruction   # --storage instruction only
meta.json is the object's user metadata (no x-amz-meta- prefixes); the instruction file is an
object of its own, named KEY.instruction, which every S3 encryption client looks for.
Writing V2 (what clients before 2025 read) takes --format v2 --commitment-policy FORBID_ENCRYPT_ALLOW_DECRYPT.
`;

export function addEncryptCommand(program: Command, io: CliIo): void {
  program
    .command('encrypt')
    .summary('encrypt a file into an S3 CSE body and metadata, offline')
    .description(
      'Encrypts a file the way an S3 encryption client encrypts an object, without S3: the encrypted body, the metadata S3 stores with it, and with --storage instruction the instruction file.',
    )
    .usage('--in FILE --keyring SPEC --body-out FILE --metadata-out FILE [options]')
    .option('--in <FILE>', 'the plaintext (- reads stdin)')
    .option('--keyring <SPEC>', KEYRING_SPEC_HELP)
    .addOption(new Option('--storage <MODE>', 'where the envelope goes: the object metadata, or an instruction file').choices(['metadata', 'instruction']).default('metadata'))
    .addOption(new Option('--format <VERSION>', 'v3 (key commitment) or v2').choices(['v3', 'v2']).default('v3'))
    .addOption(commitmentPolicyOption('must allow --format (v2 needs FORBID_ENCRYPT_ALLOW_DECRYPT)'))
    .option('--matdesc <JSON>', 'material description stored with an AES or RSA key, or the KMS encryption context')
    .option('--kms-endpoint <URL>', "a KMS other than AWS's (default: AWS_ENDPOINT_URL_KMS, AWS_ENDPOINT_URL, else AWS)")
    .option('--body-out <FILE>', 'the encrypted body (- writes stdout)')
    .option('--metadata-out <FILE>', 'the user metadata, as JSON (- writes stdout)')
    .option('--instruction-out <FILE>', 'the instruction file (with --storage instruction)')
    .addHelpText('after', EXAMPLES)
    .action((flags: EncryptFlags, command: Command) => encrypt(flags, command, io));
}

async function encrypt(flags: EncryptFlags, command: Command, io: CliIo): Promise<void> {
  const input = openInput('--in', required(flags.in, '--in'), io);
  if (flags.instructionOut !== undefined && flags.storage !== 'instruction') {
    fail('INVALID_ARGUMENT', '--instruction-out needs --storage instruction (with metadata storage the envelope is all in --metadata-out)');
  }
  if (flags.storage === 'instruction' && flags.instructionOut === undefined) fail('INVALID_ARGUMENT', '--storage instruction needs --instruction-out FILE');
  const outputs = [
    planOutput('--body-out', required(flags.bodyOut, '--body-out'), [input]),
    planOutput('--metadata-out', required(flags.metadataOut, '--metadata-out'), [input]),
    flags.instructionOut === undefined ? undefined : planOutput('--instruction-out', flags.instructionOut, [input]),
  ] as const;
  checkDistinctOutputs(outputs);
  const format = typed(command, 'format', flags.format);
  const commitmentPolicy = typed(command, 'commitmentPolicy', flags.commitmentPolicy);
  // Checked before any key is read or byte written; the message names the flag to change.
  resolveWriteFormat(commitmentPolicy, format);
  const keyring = keyringFromSpec(required(flags.keyring, '--keyring'), {
    env: io.env,
    ...(flags.kmsEndpoint ? { kmsEndpoint: flags.kmsEndpoint } : {}),
    ...(flags.matdesc ? { description: jsonMap(flags.matdesc, '--matdesc') } : {}),
  });
  const encrypted = await encryptObject(input.stream(), {
    keyring,
    storage: flags.storage,
    ...(format === undefined ? {} : { format }),
    ...(commitmentPolicy === undefined ? {} : { commitmentPolicy }),
    ...(input.size === undefined ? {} : { contentLength: input.size }),
  });
  await writeOutput(outputs[0], encrypted.body, io);
  await writeOutput(outputs[1], `${JSON.stringify(encrypted.metadata, null, 2)}\n`, io);
  if (outputs[2] && encrypted.instructionFile !== undefined) await writeOutput(outputs[2], encrypted.instructionFile, io);
}

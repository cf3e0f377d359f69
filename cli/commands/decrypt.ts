/** `s3cse decrypt`: an S3 client-side-encrypted body and its metadata (downloaded by any tool) back to plaintext, offline. */
import type { Command } from 'commander';
import { decryptObject, type CommitmentPolicy } from '@s3cse/reference';
import type { CliIo } from '../io/cli-io.js';
import { checkOneStdin, openInput } from '../io/input-file.js';
import { planOutput, writeOutput } from '../io/output-file.js';
import { KEYRING_SPEC_HELP, keyringFromSpec } from '../keyring-spec.js';
import { commitmentPolicyOption, jsonMap, parseJson, required, stringMap, typed } from '../options.js';

interface DecryptFlags {
  readonly body?: string;
  readonly metadata?: string;
  readonly instruction?: string;
  readonly keyring?: string;
  readonly legacy: boolean;
  readonly delayedAuth: boolean;
  readonly commitmentPolicy: CommitmentPolicy;
  readonly encryptionContext?: string;
  readonly kmsEndpoint?: string;
  readonly out?: string;
}

const EXAMPLES = `
Examples:
  aws s3api get-object --bucket BUCKET --key KEY body.bin > head.json     # head.json holds "Metadata"
  s3cse decrypt --body body.bin --metadata head.json --keyring aes:master.key --out plain.bin
  s3cse decrypt --body - --metadata head.json --keyring kms:alias/data --out - < body.bin | less
Objects written before 2025 (V1, V2; EMRFS's) need --commitment-policy REQUIRE_ENCRYPT_ALLOW_DECRYPT, and
V1 AES/CBC or a legacy key wrap also --legacy. An object kept in instruction-file mode needs its
instruction file, the object KEY.instruction: --instruction FILE.
`;

export function addDecryptCommand(program: Command, io: CliIo): void {
  program
    .command('decrypt')
    .summary('decrypt a downloaded S3 CSE body with its metadata, offline')
    .description(
      'Decrypts an object downloaded from S3 (its body and its metadata) as an S3 encryption client would. No plaintext is written before the whole body has been authenticated, unless --delayed-auth.',
    )
    .usage('--body FILE --metadata FILE --keyring SPEC --out FILE [options]')
    .option('--body <FILE>', 'the encrypted body (- reads stdin)')
    .option('--metadata <FILE>', 'the user metadata as JSON: a map, or `aws s3api head-object` / `get-object` output')
    .option('--instruction <FILE>', 'the instruction file (the object KEY.instruction), for objects stored that way')
    .option('--keyring <SPEC>', KEYRING_SPEC_HELP)
    .option('--legacy', 'read V1 AES/CBC content and legacy key wraps (unauthenticated or deprecated)', false)
    .option('--delayed-auth', 'stream plaintext before the tag is checked (a bad tag then fails at the end)', false)
    .addOption(commitmentPolicyOption('which formats may be read: V3 only by default'))
    .option('--encryption-context <JSON>', 'the KMS encryption context the object must have been written with')
    .option('--kms-endpoint <URL>', "a KMS other than AWS's (default: AWS_ENDPOINT_URL_KMS, AWS_ENDPOINT_URL, else AWS)")
    .option('--out <FILE>', 'the plaintext (- writes stdout)')
    .addHelpText('after', EXAMPLES)
    .action((flags: DecryptFlags, command: Command) => decrypt(flags, command, io));
}

async function decrypt(flags: DecryptFlags, command: Command, io: CliIo): Promise<void> {
  const body = openInput('--body', required(flags.body, '--body'), io);
  const metadataFile = openInput('--metadata', required(flags.metadata, '--metadata'), io);
  const instruction = flags.instruction === undefined ? undefined : openInput('--instruction', flags.instruction, io);
  checkOneStdin([body, metadataFile, instruction]);
  const out = planOutput('--out', required(flags.out, '--out'), [body, metadataFile, instruction]);
  const commitmentPolicy = typed(command, 'commitmentPolicy', flags.commitmentPolicy);
  const keyring = keyringFromSpec(required(flags.keyring, '--keyring'), { env: io.env, ...(flags.kmsEndpoint ? { kmsEndpoint: flags.kmsEndpoint } : {}) });
  const metadata = metadataMap(await metadataFile.text(), `--metadata ${metadataFile.path}`);
  const decrypted = await decryptObject(
    {
      body: body.stream(),
      metadata,
      ...(body.size === undefined ? {} : { contentLength: body.size }),
      ...(instruction ? { instructionFile: await instruction.text() } : {}),
    },
    {
      keyring,
      legacyUnauthenticatedModes: flags.legacy,
      legacyWrappingAlgorithms: flags.legacy,
      delayedAuthentication: flags.delayedAuth,
      ...(commitmentPolicy === undefined ? {} : { commitmentPolicy }),
      ...(flags.encryptionContext ? { encryptionContext: jsonMap(flags.encryptionContext, '--encryption-context') } : {}),
    },
  );
  // A regular --out file is replaced only once the whole stream (and, with delayed
  // authentication, the tag) checked out: a failed decryption never leaves a partial file.
  await writeOutput(out, decrypted.body, io);
}

/** Accepts the `Metadata` map as `aws s3api head-object` prints it, or that whole output. */
function metadataMap(text: string, what: string): Record<string, string> {
  const parsed = parseJson(text, what);
  const inner = typeof parsed === 'object' && parsed !== null ? (parsed as { Metadata?: unknown }).Metadata : undefined;
  return stringMap(typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? inner : parsed, what);
}

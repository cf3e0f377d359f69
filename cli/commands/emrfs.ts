/**
 * `s3cse get` / `s3cse put`: one object through a client configured from an EMR cluster's
 * emrfs-site settings (emrfs/), with credentials and endpoints from the environment.
 */
import type { Command } from 'commander';
import { Readable } from 'node:stream';
import { emrfsClientFromFile, parseS3Uri, writeNote as emrfsWriteNote, type EmrfsClient } from '../../emrfs/index.js';
import { kmsClientFromEnvironment, s3ClientFromEnvironment } from '../aws-environment.js';
import type { CliIo } from '../io/cli-io.js';
import { openInput } from '../io/input-file.js';
import { planOutput, writeOutput } from '../io/output-file.js';
import { required } from '../options.js';

interface EmrfsFlags {
  readonly emrfsConfig?: string;
  readonly jobId?: string;
}

const CONFIG_HELP = 'emrfs-site settings: the EMR configuration JSON of `aws emr create-cluster --configurations`, or emrfs-site.xml';
const ENVIRONMENT = `
Credentials come from the default AWS chain; AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL_KMS and
AWS_ENDPOINT_URL are honoured (path-style S3): \`s3cse serve\` prints them for a local S3 + KMS.`;

export function addEmrfsCommands(program: Command, io: CliIo): void {
  program
    .command('get')
    .summary('download and decrypt an object as EMRFS would read it')
    .description("Reads s3://BUCKET/KEY through a client configured like the cluster's EMRFS: V1, V2 and V3, either storage mode.")
    .argument('<S3_URI>', 's3://BUCKET/KEY')
    .option('--emrfs-config <FILE>', CONFIG_HELP)
    .option('--job-id <ID>', 'JobflowId handed to materials providers', 'UnknownJobFlowId')
    .option('--out <FILE>', 'the plaintext (- writes stdout)', '-')
    .addHelpText(
      'after',
      `\nExamples:\n  s3cse get s3://emr-lake/output/part-00000 --emrfs-config emrfs.json --out part-00000\n  s3cse get s3://emr-lake/output/part-00000 --emrfs-config emrfs-site.xml | head\n${ENVIRONMENT}\n`,
    )
    .action((uri: string, flags: EmrfsFlags & { out: string }) => get(uri, flags, io));
  program
    .command('put')
    .summary('encrypt and upload a file as EMRFS would write it')
    .description("Writes FILE to s3://BUCKET/KEY through a client configured like the cluster's EMRFS (V2, its storage mode).")
    .argument('<FILE>', 'the plaintext (- reads stdin; a pipe is read into memory first, since S3 needs the length)')
    .argument('<S3_URI>', 's3://BUCKET/KEY')
    .option('--emrfs-config <FILE>', CONFIG_HELP)
    .option('--job-id <ID>', 'JobflowId in the request description (fs.s3.cse.materialsDescription.enabled)', 'UnknownJobFlowId')
    .addHelpText('after', `\nExamples:\n  s3cse put part-00000 s3://emr-lake/output/part-00000 --emrfs-config emrfs.json\n${ENVIRONMENT}\n`)
    .action((file: string, uri: string, flags: EmrfsFlags) => put(file, uri, flags, io));
}

async function get(uri: string, flags: EmrfsFlags & { out: string }, io: CliIo): Promise<void> {
  const config = required(flags.emrfsConfig, '--emrfs-config');
  const out = planOutput('--out', flags.out, []);
  const { bucket, key } = parseS3Uri(uri);
  const client = await clientFor(config, flags.jobId, io);
  const response = await client.getObject({ Bucket: bucket, Key: key });
  await writeOutput(out, Readable.from(response.Body as AsyncIterable<Uint8Array>), io);
}

async function put(file: string, uri: string, flags: EmrfsFlags, io: CliIo): Promise<void> {
  const config = required(flags.emrfsConfig, '--emrfs-config');
  // The file is checked first: a folder or a missing file must not cost a KMS call.
  const input = openInput(undefined, file, io);
  const { bucket, key } = parseS3Uri(uri);
  const client = await clientFor(config, flags.jobId, io);
  const note = emrfsWriteNote(client.profile);
  if (note) io.stderr.write(`s3cse: note: ${note}\n`);
  const body = input.size === undefined ? await input.bytes() : input.stream();
  await client.putObject({ Bucket: bucket, Key: key, Body: body, ContentLength: input.size ?? (body as Buffer).length });
}

function clientFor(file: string, jobFlowId: string | undefined, io: CliIo): Promise<EmrfsClient> {
  return emrfsClientFromFile(file, {
    s3: s3ClientFromEnvironment(io.env),
    kms: (profile) => kmsClientFromEnvironment(profile.kmsRegion, io.env),
    ...(jobFlowId === undefined ? {} : { jobFlowId }),
  });
}

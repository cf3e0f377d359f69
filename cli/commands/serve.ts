/** `s3cse serve`: the embedded S3 + KMS in the foreground, for the AWS CLI, a user's own tests, or an adapter tried by hand. */
import type { Command } from 'commander';
import { serveInForeground } from '../../harness/targets/embedded/foreground.js';
import type { CliIo } from '../io/cli-io.js';
import { collect, integerIn } from '../options.js';

interface ServeFlags {
  readonly port: number;
  readonly bucket: string[];
  readonly kmsKey: string[];
}

const EXAMPLES = `
Examples:
  s3cse serve --bucket emr-lake --kms-key 11111111-2222-3333-4444-555555555555
  s3cse serve --port 4566 --bucket a --bucket b > target.env &
  until grep -q '^# ready' target.env; do sleep 0.1; done; . ./target.env   # then aws s3 ls, s3cse get, ...

It prints \`export\` lines for AWS_ENDPOINT_URL, credentials and region (any AWS SDK and the AWS CLI
read them; S3 on 127.0.0.1 is path-style by itself), then one line starting with "# ready". It keeps
everything in memory and stops cleanly on Ctrl-C or SIGTERM.
--kms-key ID:HEX gives a key a known id and 32 bytes of material (64 hex characters), so objects
it encrypted can be read again by a later server started with the same flag; ID alone draws random material.
`;

export function addServeCommand(program: Command, io: CliIo): void {
  program
    .command('serve')
    .summary('run the embedded S3 + KMS on 127.0.0.1 until Ctrl-C')
    .description('Serves S3 (path-style) and KMS on one loopback port, in memory, signatures not checked: a local stand-in for trying the AWS CLI, an SDK or s3cse get / put, not a real service.')
    .option('--port <N>', 'port on 127.0.0.1 (0: a free one)', integerIn(0, 65535), 0)
    .option('--bucket <NAME>', 'create this bucket (repeatable)', collect, [])
    .option('--kms-key <ID[:HEX]>', 'create this KMS key (repeatable): a 36-character id, and optionally its AES-256 material in hex', collect, [])
    .addHelpText('after', EXAMPLES)
    .action((flags: ServeFlags) => serveInForeground({ port: flags.port, buckets: flags.bucket, kmsKeys: flags.kmsKey }, io.stdout));
}

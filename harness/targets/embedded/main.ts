/**
 * The embedded target on its own until interrupted, without the command line around it:
 *
 *   npx tsx harness/targets/embedded/main.ts [--port N] [--bucket NAME]... [--kms-key ID[:HEX]]...
 *
 * The same server as `s3cse serve` (foreground.ts), which is what the README shows.
 */
import { parseArgs } from 'node:util';
import { isUsageError } from '../usage-error.js';
import { serveInForeground } from './foreground.js';

const USAGE = `Usage: tsx harness/targets/embedded/main.ts [--port N] [--bucket NAME]... [--kms-key ID[:HEX]]...

Serves S3 and KMS on 127.0.0.1 until Ctrl-C or SIGTERM; prints the variables to export, then a
line starting with "# ready". The same as \`s3cse serve\`.
`;

function parse(): { port?: number; buckets: string[]; kmsKeys: string[] } | undefined {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, bucket: { type: 'string', multiple: true }, 'kms-key': { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) return undefined;
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) throw Object.assign(new Error(`--port ${values.port}: not a port number`), { code: 'USAGE' });
  return { ...(port === undefined ? {} : { port }), buckets: values.bucket ?? [], kmsKeys: values['kms-key'] ?? [] };
}

try {
  // The SDK is not used here, but the target's own clients would announce Node 22 on first use.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const options = parse();
  if (options === undefined) process.stdout.write(USAGE);
  else await serveInForeground(options, process.stdout);
} catch (e) {
  const usage = isUsageError(e) || (e as { code?: string }).code === 'USAGE' || String((e as { code?: string }).code).startsWith('ERR_PARSE_ARGS');
  process.stderr.write(`${(e as Error).message}\n${usage ? USAGE : ''}`);
  process.exitCode = 2;
}

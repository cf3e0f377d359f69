import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';

/**
 * The SDK's logger: without one it prints "An error was encountered in a non-retryable streaming
 * request." on stderr whenever an upload stream fails, beside the typed error the command prints
 * itself. Command logs (info) and failed commands (error) would repeat what the command reports.
 */
const QUIET_LOGGER = {
  debug: (): void => undefined,
  info: (): void => undefined,
  warn: (...content: unknown[]): void => {
    if (!/non-retryable streaming request/.test(String(content[0]))) process.stderr.write(`s3cse: note: AWS SDK: ${content.map(String).join(' ')}\n`);
  },
  error: (): void => undefined,
};

/**
 * SDK clients for commands that talk to S3 and KMS themselves: credentials from the default AWS
 * chain; `AWS_ENDPOINT_URL_S3` / `AWS_ENDPOINT_URL_KMS` (else `AWS_ENDPOINT_URL`) honoured, with
 * path-style S3 when an endpoint is set, since local S3 servers rarely serve bucket subdomains.
 */
export function s3ClientFromEnvironment(env: NodeJS.ProcessEnv = process.env): S3Client {
  const endpoint = env['AWS_ENDPOINT_URL_S3'] || env['AWS_ENDPOINT_URL'];
  return new S3Client({ ...region(env), logger: QUIET_LOGGER, ...(endpoint ? { endpoint, forcePathStyle: true } : {}) });
}

export function kmsClientFromEnvironment(regionOverride: string | undefined, env: NodeJS.ProcessEnv = process.env, endpointOverride?: string): KMSClient {
  const endpoint = endpointOverride || env['AWS_ENDPOINT_URL_KMS'] || env['AWS_ENDPOINT_URL'];
  const resolvedRegion = regionOverride ? { region: regionOverride } : region(env);
  return new KMSClient({ ...resolvedRegion, logger: QUIET_LOGGER, ...(endpoint ? { endpoint } : {}) });
}

/** AWS_REGION, or AWS_DEFAULT_REGION (which SDK v3 does not read); else the SDK's own resolution. */
function region(env: NodeJS.ProcessEnv): { region?: string } {
  const value = env['AWS_REGION'] || env['AWS_DEFAULT_REGION'];
  return value ? { region: value } : {};
}

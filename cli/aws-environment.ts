import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';

/**
 * SDK clients for commands that talk to S3 and KMS themselves: credentials from the default AWS
 * chain; `AWS_ENDPOINT_URL_S3` / `AWS_ENDPOINT_URL_KMS` (else `AWS_ENDPOINT_URL`) honoured, with
 * path-style S3 when an endpoint is set, since local S3 servers rarely serve bucket subdomains.
 */
export function s3ClientFromEnvironment(env: NodeJS.ProcessEnv = process.env): S3Client {
  const endpoint = env['AWS_ENDPOINT_URL_S3'] || env['AWS_ENDPOINT_URL'];
  return new S3Client({ ...region(env), ...(endpoint ? { endpoint, forcePathStyle: true } : {}) });
}

export function kmsClientFromEnvironment(regionOverride: string | undefined, env: NodeJS.ProcessEnv = process.env): KMSClient {
  const endpoint = env['AWS_ENDPOINT_URL_KMS'] || env['AWS_ENDPOINT_URL'];
  return new KMSClient({ ...(regionOverride ? { region: regionOverride } : region(env)), ...(endpoint ? { endpoint } : {}) });
}

/** AWS_REGION, or AWS_DEFAULT_REGION (which SDK v3 does not read); else the SDK's own resolution. */
function region(env: NodeJS.ProcessEnv): { region?: string } {
  const value = env['AWS_REGION'] || env['AWS_DEFAULT_REGION'];
  return value ? { region: value } : {};
}

/**
 * Real Amazon S3 and KMS with the default credential chain (environment, profile files, SSO, IMDS:
 * whatever the SDK resolves). Nothing is created: the bucket and the KMS key (id, ARN or alias)
 * must exist and be named explicitly (buckets cost money and keys cannot be deleted for 7 days);
 * the start prints what the run will write and delete (objects.ts), and `stop()` deletes the
 * objects the run wrote. Children get the region (and an endpoint override, when given), never a
 * credential, so their SDKs resolve the same chain ours does.
 *
 * Endpoint override (`--endpoint-url`, else AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL; KMS from
 * AWS_ENDPOINT_URL_KMS, else the same URL): for S3-compatible services and for the CI run on moto
 * (aws/README.md). Addressing is virtual-hosted (bucket in the host name) wherever the endpoint's
 * host can carry a bucket label; path-style for IP addresses and `localhost`, whose subdomains do
 * not resolve (moto on 127.0.0.1 is one), or when S3CSE_S3_ADDRESSING=path.
 */
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { bucketExists } from '../bucket.js';
import { HARNESS_HTTP_LIMITS } from '../embedded/clients.js';
import type { CreateKmsKeyOptions, RunningTarget, UnavailableTarget } from '../target.js';
import { planLines, removeRunObjects } from './objects.js';

export interface AwsOptions {
  readonly bucket?: string;
  readonly kmsKeyId?: string;
  /** Defaults to AWS_REGION, then AWS_DEFAULT_REGION. */
  readonly region?: string;
  /** An S3-compatible endpoint instead of AWS's; defaults to AWS_ENDPOINT_URL_S3, then AWS_ENDPOINT_URL. */
  readonly endpointUrl?: string;
  readonly log?: (line: string) => void;
}

interface Endpoints {
  readonly s3?: string;
  readonly kms?: string;
  readonly pathStyle: boolean;
}

export function resolveEndpoints(endpointUrl: string | undefined, env: NodeJS.ProcessEnv = process.env): Endpoints {
  const s3 = endpointUrl || env['AWS_ENDPOINT_URL_S3'] || env['AWS_ENDPOINT_URL'] || undefined;
  const kms = env['AWS_ENDPOINT_URL_KMS'] || endpointUrl || env['AWS_ENDPOINT_URL'] || undefined;
  if (!s3) return { ...(kms ? { kms } : {}), pathStyle: env['S3CSE_S3_ADDRESSING'] === 'path' };
  const host = new URL(s3).hostname;
  const noBucketLabels = host === 'localhost' || /^[\d.]+$/.test(host) || host.includes(':') || host.startsWith('[');
  return { s3, ...(kms ? { kms } : {}), pathStyle: noBucketLabels || env['S3CSE_S3_ADDRESSING'] === 'path' };
}

function childEnvFor(region: string, e: Endpoints): Record<string, string> {
  return {
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    ...(e.s3 ? { AWS_ENDPOINT_URL_S3: e.s3 } : {}),
    ...(e.kms ? { AWS_ENDPOINT_URL_KMS: e.kms } : {}),
    ...(e.pathStyle ? { S3EC_S3_FORCE_PATH_STYLE: 'true' } : {}),
  };
}

export async function startAwsTarget(options: AwsOptions): Promise<RunningTarget | UnavailableTarget> {
  const region = options.region ?? process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'];
  const { bucket, kmsKeyId } = options;
  const endpoints = resolveEndpoints(options.endpointUrl);
  const s3Endpoint = endpoints.s3 ?? `https://s3.${region ?? '<region>'}.amazonaws.com`;
  if (!bucket || !kmsKeyId || !region) return refusal(bucket, kmsKeyId, region, s3Endpoint);
  const s3 = new S3Client({ region, ...(endpoints.s3 ? { endpoint: endpoints.s3 } : {}), forcePathStyle: endpoints.pathStyle, requestHandler: HARNESS_HTTP_LIMITS });
  const kms = new KMSClient({ region, ...(endpoints.kms ? { endpoint: endpoints.kms } : {}), requestHandler: HARNESS_HTTP_LIMITS });
  const kmsEndpoint = endpoints.kms ?? `https://kms.${region}.amazonaws.com`;
  for (const line of planLines(bucket, kmsKeyId, region, s3Endpoint)) options.log?.(line);
  options.log?.(`aws: ${endpoints.pathStyle ? 'path-style' : 'virtual-hosted'} S3 addressing`);
  const startedAt = Date.now();
  // Only a run that got as far as the bucket can have written to it; a target started and stopped
  // without one (the unit tests) sends no request at all.
  let bucketUsed = false;
  return {
    name: 'aws',
    s3Endpoint,
    kmsEndpoint,
    region,
    description: endpoints.s3 ? `AWS API at ${endpoints.s3} (${region})` : `AWS ${region}`,
    s3,
    kms,
    supportsKnownKeyMaterial: false,
    childEnv: () => childEnvFor(region, endpoints),
    ensureBucket: async (name) => {
      await checkBucket(s3, name, region);
      bucketUsed = true;
    },
    createKmsKey: async (keyOptions: CreateKmsKeyOptions = {}) => {
      if (keyOptions.material !== undefined || (keyOptions.keyId !== undefined && keyOptions.keyId !== kmsKeyId)) {
        throw new Error('aws: cannot create KMS keys with a chosen id or material; only the configured key is used');
      }
      return kmsKeyId;
    },
    stop: async () => {
      try {
        if (bucketUsed) options.log?.(await removeRunObjects(s3, bucket, startedAt));
      } finally {
        s3.destroy();
        kms.destroy();
      }
    },
  };
}

function refusal(bucket: string | undefined, kmsKeyId: string | undefined, region: string | undefined, s3Endpoint: string): UnavailableTarget {
  const missing = [!bucket && 'a bucket (--bucket)', !kmsKeyId && 'a KMS key id, ARN or alias (--kms-key-id)', !region && 'a region (--region or AWS_REGION)'].filter(Boolean);
  const plan = planLines(bucket ?? '<bucket>', kmsKeyId ?? '<key>', region ?? '<region>', s3Endpoint).join('; ');
  return { name: 'aws', unavailable: true, reason: `the aws target needs ${missing.join(', ')}, named explicitly (it never creates them). With them: ${plan}` };
}

async function checkBucket(s3: S3Client, name: string, region: string): Promise<void> {
  let exists: boolean;
  try {
    exists = await bucketExists(s3, name);
  } catch (e) {
    const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
    throw new Error(`aws: HeadBucket ${name} failed: ${err.name ?? String(e)} (HTTP ${err.$metadata?.httpStatusCode ?? '?'})`);
  }
  if (!exists) throw new Error(`aws: bucket ${name} does not exist (HeadBucket 404 in ${region}); create it first`);
}

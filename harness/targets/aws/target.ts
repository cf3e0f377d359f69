/**
 * Real Amazon S3 and KMS with the default credential chain. Nothing is created: the bucket and
 * the KMS key must exist (buckets cost money and keys cannot be deleted for 7 days), and no
 * endpoint or credential is handed to children, only the region, so their SDKs resolve exactly
 * what ours does. Tests never start this target.
 */
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { bucketExists } from '../bucket.js';
import { HARNESS_HTTP_LIMITS } from '../embedded/clients.js';
import type { CreateKmsKeyOptions, RunningTarget, UnavailableTarget } from '../target.js';

export interface AwsOptions {
  readonly bucket?: string;
  readonly kmsKeyId?: string;
  /** Defaults to AWS_REGION, then AWS_DEFAULT_REGION. */
  readonly region?: string;
  readonly log?: (line: string) => void;
}

export async function startAwsTarget(options: AwsOptions): Promise<RunningTarget | UnavailableTarget> {
  const region = options.region ?? process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'];
  const { bucket, kmsKeyId } = options;
  const missing = [!bucket && 'a bucket', !kmsKeyId && 'a KMS key id', !region && 'a region'].filter(Boolean);
  if (!bucket || !kmsKeyId || !region) {
    return { name: 'aws', unavailable: true, reason: `the aws target needs ${missing.join(', ')} (it never creates them)` };
  }
  const s3 = new S3Client({ region, requestHandler: HARNESS_HTTP_LIMITS });
  const kms = new KMSClient({ region, requestHandler: HARNESS_HTTP_LIMITS });
  const s3Endpoint = `https://s3.${region}.amazonaws.com`;
  const kmsEndpoint = `https://kms.${region}.amazonaws.com`;
  options.log?.(`aws: region ${region}, bucket ${bucket}, KMS key ${kmsKeyId}`);
  return {
    name: 'aws',
    s3Endpoint,
    kmsEndpoint,
    region,
    description: `AWS ${region}`,
    s3,
    kms,
    supportsKnownKeyMaterial: false,
    childEnv: () => ({ AWS_REGION: region, AWS_DEFAULT_REGION: region }),
    ensureBucket: async (name) => {
      let exists: boolean;
      try {
        exists = await bucketExists(s3, name);
      } catch (e) {
        const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
        throw new Error(`aws: HeadBucket ${name} failed: ${err.name ?? String(e)} (HTTP ${err.$metadata?.httpStatusCode ?? '?'})`);
      }
      if (!exists) throw new Error(`aws: bucket ${name} does not exist (HeadBucket 404 in ${region}); create it first`);
    },
    createKmsKey: async (keyOptions: CreateKmsKeyOptions = {}) => {
      if (keyOptions.material !== undefined || (keyOptions.keyId !== undefined && keyOptions.keyId !== kmsKeyId)) {
        throw new Error('aws: cannot create KMS keys with a chosen id or material; only the configured key is used');
      }
      return kmsKeyId;
    },
    stop: async () => {
      s3.destroy();
      kms.destroy();
    },
  };
}

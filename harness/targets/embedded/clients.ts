/**
 * AWS SDK v3 clients configured for a local target (the embedded one, moto or LocalStack):
 * path-style S3, region us-east-1, dummy static credentials (infra.md "Cross-cutting gotchas").
 */
import { KMSClient, type KMSClientConfig } from '@aws-sdk/client-kms';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';

export const LOCAL_REGION = 'us-east-1';
export const LOCAL_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' } as const;

export function s3ClientFor(endpoint: string, overrides: S3ClientConfig = {}): S3Client {
  return new S3Client({ endpoint, region: LOCAL_REGION, forcePathStyle: true, credentials: LOCAL_CREDENTIALS, ...overrides });
}

export function kmsClientFor(endpoint: string, overrides: KMSClientConfig = {}): KMSClient {
  return new KMSClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, ...overrides });
}

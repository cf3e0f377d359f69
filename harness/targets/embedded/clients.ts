/**
 * AWS SDK v3 clients configured for a local target (the embedded one, moto or LocalStack):
 * path-style S3, region us-east-1, dummy static credentials (infra.md "Cross-cutting gotchas").
 */
import { KMSClient, type KMSClientConfig } from '@aws-sdk/client-kms';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';

export const LOCAL_REGION = 'us-east-1';
export const LOCAL_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' } as const;

/**
 * Without a logger the SDK prints "An error was encountered in a non-retryable streaming request."
 * with console.warn whenever a streamed upload fails, which tests make happen on purpose; the error
 * itself still reaches the caller. With a logger it also logs every command (info) and every
 * failed one (error), which the caller sees anyway: those are dropped. Other warnings are printed.
 */
export const QUIET_SDK_LOGGER = {
  debug: (): void => undefined,
  info: (): void => undefined,
  warn: (...content: unknown[]): void => {
    if (!/non-retryable streaming request/.test(String(content[0]))) console.warn(...content);
  },
  error: (): void => undefined,
};

/**
 * The SDK waits forever by default; a local server that stops answering must cost one call, not
 * the run. requestTimeout is the socket's idle time, so large streamed objects still go through.
 */
export const HARNESS_HTTP_LIMITS = { connectionTimeout: 10_000, requestTimeout: 120_000 } as const;

export function s3ClientFor(endpoint: string, overrides: S3ClientConfig = {}): S3Client {
  return new S3Client({ endpoint, region: LOCAL_REGION, forcePathStyle: true, credentials: LOCAL_CREDENTIALS, logger: QUIET_SDK_LOGGER, requestHandler: HARNESS_HTTP_LIMITS, ...overrides });
}

export function kmsClientFor(endpoint: string, overrides: KMSClientConfig = {}): KMSClient {
  return new KMSClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, requestHandler: HARNESS_HTTP_LIMITS, ...overrides });
}

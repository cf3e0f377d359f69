/**
 * One call from a configuration file to a ready client: load, resolve, instantiate the provider.
 */
import type { KMSClient } from '@aws-sdk/client-kms';
import type { S3Client } from '@aws-sdk/client-s3';
import { EmrfsClient } from './client.js';
import { configurationError } from './configuration-error.js';
import { loadEmrfsSite } from './load-site.js';
import { resolveEmrfsProfile, type EmrfsProfile } from './profile.js';
import { EMRFS_PROPERTY, UNKNOWN_JOB_FLOW_ID } from './properties.js';
import { EmrfsProviderConfiguration } from './provider-configuration.js';
import { loadMaterialsProvider } from './provider-module.js';

export interface EmrfsRuntime {
  readonly s3: S3Client;
  /** KMS client for the profile; built on first use (fs.s3.cse.kms.region is the caller's to honour). */
  readonly kms: (profile: EmrfsProfile) => KMSClient;
  /** The cluster id for `JobflowId` (default UnknownJobFlowId). */
  readonly jobFlowId?: string;
  /** Cache for s3:// provider modules (default module-cache.ts `defaultModuleCacheDir`). */
  readonly cacheDir?: string;
}

export function loadEmrfsProfile(file: string): EmrfsProfile {
  return resolveEmrfsProfile(loadEmrfsSite(file));
}

/**
 * A client for the configuration in `file`. CSE must be enabled there: with fs.s3.cse.enabled
 * false EMRFS reads and writes objects unencrypted, which is no business of this client.
 */
export async function emrfsClientFromFile(file: string, runtime: EmrfsRuntime): Promise<EmrfsClient> {
  const profile = loadEmrfsProfile(file);
  if (!profile.enabled) configurationError(profile.site.file, EMRFS_PROPERTY.enabled, 'is not true, so EMRFS would neither encrypt nor decrypt (set it to true)');
  const jobFlowId = runtime.jobFlowId ?? UNKNOWN_JOB_FLOW_ID;
  let kms: KMSClient | undefined;
  const conf = new EmrfsProviderConfiguration(profile.site, jobFlowId, { s3: runtime.s3, kms: () => (kms ??= runtime.kms(profile)) });
  const materialsProvider = await loadMaterialsProvider(profile, conf, { s3: runtime.s3, ...(runtime.cacheDir === undefined ? {} : { cacheDir: runtime.cacheDir }) });
  return new EmrfsClient({ s3: runtime.s3, profile, materialsProvider, jobFlowId });
}

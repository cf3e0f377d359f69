/**
 * The embedded S3 + KMS server (server.ts) behind the common RunningTarget contract. Buckets and
 * keys are created directly in the in-memory stores, so set-up costs no HTTP round trip. Its KMS
 * is the harness's own, so it offers the contract's `kmsReplay`; the `embedded` field stays
 * available for tests that read the request log.
 */
import { localChildEnv, type CreateKmsKeyOptions, type KmsReplay, type RunningTarget } from '../target.js';
import { kmsClientFor, LOCAL_REGION, s3ClientFor } from './clients.js';
import { startEmbeddedTarget, type EmbeddedTarget } from './server.js';

export interface RunningEmbeddedTarget extends RunningTarget {
  readonly name: 'embedded';
  readonly embedded: EmbeddedTarget;
  readonly kmsReplay: KmsReplay;
}

export async function startEmbeddedRunningTarget(options: { readonly port?: number } = {}): Promise<RunningEmbeddedTarget> {
  const embedded = await startEmbeddedTarget(options);
  const { endpoint } = embedded;
  const s3 = s3ClientFor(endpoint);
  const kms = kmsClientFor(endpoint);
  return {
    name: 'embedded',
    embedded,
    s3Endpoint: endpoint,
    kmsEndpoint: endpoint,
    region: LOCAL_REGION,
    description: 'embedded',
    s3,
    kms,
    supportsKnownKeyMaterial: true,
    kmsReplay: { register: (answer) => embedded.kms.registerReplay(answer), hasKey: (keyId) => embedded.kms.hasKey(keyId) },
    bytesServed: (bucket, key) => embedded.bytesServed(bucket, key),
    childEnv: () => localChildEnv(endpoint, endpoint),
    ensureBucket: async (name: string) => void embedded.s3.createBucket(name),
    createKmsKey: async (options: CreateKmsKeyOptions = {}) =>
      embedded.kms.createKey({
        ...(options.keyId === undefined ? {} : { keyId: options.keyId }),
        ...(options.material === undefined ? {} : { material: options.material }),
      }).keyId,
    stop: async () => {
      s3.destroy();
      kms.destroy();
      await embedded.stop();
    },
  };
}

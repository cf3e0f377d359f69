/**
 * An S3 encryption client configured from emrfs-site, reading what EMRFS writes and writing what
 * EMRFS reads.
 *
 * Reading: EMRFS objects are V1 or V2 (AWS SDK for Java v1), so reads use
 * REQUIRE_ENCRYPT_ALLOW_DECRYPT with the legacy switches on unless fs.s3.cse.cryptoMode is
 * StrictAuthenticatedEncryption (profile.ts `readsLegacy`).
 *
 * Writing: V2 (x-amz-key-v2, AES/GCM; wraps kms+context, AES/GCM, RSA-OAEP-SHA1), what EMRFS
 * writes with fs.s3.cse.encryptionV2.enabled. With that property false (EMR's default) EMRFS
 * writes V1 instead (EncryptionOnly: AES/CBC), which this implementation never writes; its legacy
 * client still reads V2 (EMR docs: V2 objects need EMR 5.31.0 / 6.2.0 or later; checked against
 * the Java v1 client in EncryptionOnly mode), so `writeNote` says so.
 */
import type { PutObjectCommandOutput, S3Client } from '@aws-sdk/client-s3';
import { S3EncryptionClient, type BodyInput, type EncryptedGetObjectInput, type EncryptedGetObjectOutput, type MaterialsProvider } from '@s3cse/reference';
import { EmrfsObjectMaterials, emrfsRequestDescription } from './object-materials.js';
import { readsLegacy, storageOf, type EmrfsProfile } from './profile.js';
import { EMRFS_PROPERTY, UNKNOWN_JOB_FLOW_ID } from './properties.js';

export interface EmrfsClientConfig {
  readonly s3: S3Client;
  readonly profile: EmrfsProfile;
  /** The profile's provider (loadMaterialsProvider), or other keys to use with the profile's behaviour. */
  readonly materialsProvider: MaterialsProvider;
  /** `JobflowId` in request descriptions (default UnknownJobFlowId, as EMRFS off a cluster). */
  readonly jobFlowId?: string;
  /** Narrows legacy reads further than the profile does (never widens them). */
  readonly legacyReads?: boolean;
}

export interface EmrfsPutObjectInput {
  readonly Bucket: string;
  readonly Key: string;
  readonly Body: BodyInput;
  /** Plaintext length; required for a streamed body. */
  readonly ContentLength?: number;
}

export class EmrfsClient {
  readonly profile: EmrfsProfile;
  readonly #reader: S3EncryptionClient;
  readonly #writer: S3EncryptionClient;

  constructor(config: EmrfsClientConfig) {
    const { profile } = config;
    const jobFlowId = config.jobFlowId ?? UNKNOWN_JOB_FLOW_ID;
    const materialsProvider = new EmrfsObjectMaterials(config.materialsProvider, (bucket, key) => emrfsRequestDescription(profile, bucket, key, jobFlowId));
    const legacy = readsLegacy(profile) && (config.legacyReads ?? true);
    const storage = storageOf(profile);
    this.profile = profile;
    this.#reader = new S3EncryptionClient({
      client: config.s3,
      materialsProvider,
      storage,
      commitmentPolicy: 'REQUIRE_ENCRYPT_ALLOW_DECRYPT',
      legacyUnauthenticatedModes: legacy,
      legacyWrappingAlgorithms: legacy,
    });
    this.#writer = new S3EncryptionClient({ client: config.s3, materialsProvider, storage, format: 'v2', commitmentPolicy: 'FORBID_ENCRYPT_ALLOW_DECRYPT' });
  }

  getObject(input: Omit<EncryptedGetObjectInput, 'EncryptionContext'>): Promise<EncryptedGetObjectOutput> {
    return this.#reader.getObject(input);
  }

  putObject(input: EmrfsPutObjectInput): Promise<PutObjectCommandOutput> {
    const { Bucket, Key, Body, ContentLength } = input;
    return this.#writer.putObject({ Bucket, Key, Body, ...(ContentLength === undefined ? {} : { ContentLength }) });
  }
}

/** Why an object written here differs from what this cluster's EMRFS would write, if it does. */
export function writeNote(profile: EmrfsProfile): string | undefined {
  if (profile.encryptionV2) return undefined;
  return `${EMRFS_PROPERTY.encryptionV2} is false, so EMRFS itself writes V1 (${profile.cryptoMode}); this client writes V2, which EMRFS reads from EMR 5.31.0 and 6.2.0 on`;
}

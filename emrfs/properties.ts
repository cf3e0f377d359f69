/**
 * The emrfs-site properties EMRFS reads for client-side encryption, with EMR's defaults.
 *
 * Sources: EMR Release Guide "Amazon S3 client-side encryption" (emr-emrfs-encryption-cse.md,
 * property table and "Configuring EMRFS S3EC V2 support"), and the decompiled EMRFS 2.37.0
 * classes `CSEConstants`, `CSEUtils`, `ConfigurationUtils` (github cozos/emrfs-hadoop).
 */
export const EMRFS_PROPERTY = {
  /** Default false: EMRFS reads and writes objects unencrypted. */
  enabled: 'fs.s3.cse.enabled',
  /** Default false: the AWS SDK for Java v1 legacy client (V1 objects); true: AmazonS3EncryptionClientV2 (EMR 5.31.0+). */
  encryptionV2: 'fs.s3.cse.encryptionV2.enabled',
  /** Java class name; `com.amazon.ws.emr.hadoop.fs.cse.KMSEncryptionMaterialsProvider` for CSE-KMS. */
  provider: 'fs.s3.cse.encryptionMaterialsProvider',
  /** Where EMR fetches the provider's code from (a JAR in S3 on EMR; a module here). */
  providerUri: 'fs.s3.cse.encryptionMaterialsProvider.uri',
  /** Default false: hand the provider `Path` and `JobflowId` on every write. */
  materialsDescription: 'fs.s3.cse.materialsDescription.enabled',
  /** Key id, ARN or alias for CSE-KMS. */
  kmsKeyId: 'fs.s3.cse.kms.keyId',
  /** Region of the KMS key when it differs from the client's. */
  kmsRegion: 'fs.s3.cse.kms.region',
  /** `ObjectMetadata` (default) or `InstructionFile`. */
  storageMode: 'fs.s3.cse.cryptoStorageMode',
  /** Java v1 `CryptoMode`; default `EncryptionOnly` (EMRFS 2.37.0 `CSE_CRYPTO_MODE_DEFAULT`). */
  cryptoMode: 'fs.s3.cse.cryptoMode',
} as const;

/** The provider class name that selects CSE-KMS (EMR docs, and what `--emrfs ProviderType=KMS` sets). */
export const EMRFS_KMS_PROVIDER_CLASS = 'com.amazon.ws.emr.hadoop.fs.cse.KMSEncryptionMaterialsProvider';

/** The EMR configuration classification that holds EMRFS's settings. */
export const EMRFS_CLASSIFICATION = 'emrfs-site';

/**
 * Request materials description keys (EMRFS 2.37.0 `CSEUtils.DESC_PATH`, `DESC_JOBFLOWID`; the
 * docs say "JobFlowId" but the constant is spelled `JobflowId`) and the KMS provider's key.
 */
export const DESCRIPTION_KEY = { path: 'Path', jobFlowId: 'JobflowId', kmsKeyId: 'kms_cmk_id' } as const;

/** What EMRFS puts in `JobflowId` when it cannot find the cluster's id (`EmrFsUtils.getJobFlowId`). */
export const UNKNOWN_JOB_FLOW_ID = 'UnknownJobFlowId';

export const STORAGE_MODES = ['ObjectMetadata', 'InstructionFile'] as const;
export type EmrfsStorageMode = (typeof STORAGE_MODES)[number];

export const CRYPTO_MODES = ['EncryptionOnly', 'AuthenticatedEncryption', 'StrictAuthenticatedEncryption'] as const;
export type EmrfsCryptoMode = (typeof CRYPTO_MODES)[number];

/**
 * Public API of the reference S3 client-side encryption implementation.
 * Everything else under src/ is internal and may change without notice.
 */
export { S3EncryptionClient } from './client.js';
export type { EncryptedGetObjectInput, EncryptedGetObjectOutput, EncryptedPutObjectInput, S3EncryptionClientConfig } from './client.js';
export type { EncryptedCreateMultipartUploadInput, EncryptedUploadPartInput } from './multipart/operations.js';
export type { EncryptedUploadInput, EncryptedUploadOutput } from './multipart/upload-stream.js';
export type { ReEncryptInstructionFileInput, ReEncryptInstructionFileOutput } from './reencrypt.js';
export { encryptObject } from './pipeline/encrypt.js';
export type { EncryptOptions, EncryptedObject, WriteFormat } from './pipeline/encrypt.js';
export { decryptObject } from './pipeline/decrypt.js';
export type { DecryptOptions, DecryptedObject, StoredObject } from './pipeline/decrypt.js';
export type { DecryptPolicy, KeySource } from './pipeline/options.js';
export { COMMITMENT_POLICIES } from './pipeline/policy.js';
export type { CommitmentPolicy } from './pipeline/policy.js';
export { AesKeyring } from './keyrings/aes.js';
export type { AesKeyringOptions } from './keyrings/aes.js';
export { RsaKeyring } from './keyrings/rsa.js';
export type { RsaKeyringOptions } from './keyrings/rsa.js';
export { KmsKeyring } from './keyrings/kms.js';
export type { KmsKeyringOptions } from './keyrings/kms.js';
export { DescriptionMaterialsProvider, PrefixMaterialsProvider, StaticMaterialsProvider } from './keyrings/provider.js';
export type { Keyring, MaterialsProvider, ObjectKeyRequest, UnwrapRequest, WrapRequest, WrappedKey } from './keyrings/keyring.js';
export type { Description, Envelope, FormatVersion, StorageMode } from './metadata/envelope.js';
export { ERROR_CODES, S3EncryptionError, isS3EncryptionError } from './errors.js';
export type { ErrorCategory, ErrorCode } from './errors.js';
export type { BodyInput } from './content/body.js';
export { resolveWriteFormat } from './pipeline/policy.js';
export { EmrfsClient, writeNote as emrfsWriteNote } from './emrfs/client.js';
export type { EmrfsClientConfig, EmrfsPutObjectInput } from './emrfs/client.js';
export { emrfsClientFromFile, loadEmrfsProfile } from './emrfs/load.js';
export type { EmrfsRuntime } from './emrfs/load.js';
export type { EmrfsProfile } from './emrfs/profile.js';
export { parseS3Uri } from './emrfs/s3-uri.js';

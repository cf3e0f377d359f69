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
export { collect as collectBody } from './content/body.js';
/** Wrap algorithm names as stored in x-amz-wrap-alg, and the reserved keys of a KMS encryption context. */
export { WRAP, EC_CEK_ALG_KEY, KMS_CMK_ID_KEY } from './algorithms.js';
export type { ContentAlgorithm, WrapAlgorithm } from './algorithms.js';
/** S3 returns non-ASCII metadata values as RFC 2047 encoded words; this gives back the text that was sent. */
export { decodeS3MetadataValue } from './metadata/rfc2047.js';
/** Which format a write produces under a commitment policy (refuses a pair the policy forbids). */
export { resolveWriteFormat } from './pipeline/policy.js';

/**
 * Algorithm names and constants exactly as they appear in S3EC metadata.
 * Sources: s3-encryption/data-format/content-metadata.md, framework/algorithm-suites.md.
 */

/** Content cipher names stored in `x-amz-cek-alg` (V1/V2). */
export const CEK_GCM = 'AES/GCM/NoPadding';
export const CEK_CBC = 'AES/CBC/PKCS5Padding';
/** Decimal suite id stored in `x-amz-c` for ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY (V3). */
export const CEK_V3 = '115';

/** Content algorithms the reference knows. `gcm` = 0x0072, `cbc` = 0x0070, `gcm-committing` = 0x0073. */
export type ContentAlgorithm = 'gcm' | 'cbc' | 'gcm-committing';

/** Wrap algorithm names as stored in `x-amz-wrap-alg` (V2) or decompressed from `x-amz-w` (V3). */
export const WRAP = {
  AES_GCM: 'AES/GCM',
  RSA_OAEP_SHA1: 'RSA-OAEP-SHA1',
  KMS_CONTEXT: 'kms+context',
  AES_WRAP: 'AESWrap',
  RSA_OAEP_SHA256: 'RSA/ECB/OAEPWithSHA-256AndMGF1Padding',
  KMS: 'kms',
} as const;

/**
 * `none` is the EncryptionOnly form: no `x-amz-wrap-alg` at all (AES-ECB or RSA PKCS#1 v1.5,
 * told apart by the wrapped key's length).
 */
export type WrapAlgorithm = (typeof WRAP)[keyof typeof WRAP] | 'none';

/** Wraps that are only read, and only with the legacy-wrapping switch on. */
export const LEGACY_WRAPS: ReadonlySet<WrapAlgorithm> = new Set<WrapAlgorithm>([
  WRAP.AES_WRAP,
  WRAP.RSA_OAEP_SHA256,
  WRAP.KMS,
  'none',
]);

/** V3 compressed wrap codes (`x-amz-w`). */
export const V3_WRAP_CODES = {
  '02': WRAP.AES_GCM,
  '12': WRAP.KMS_CONTEXT,
  '22': WRAP.RSA_OAEP_SHA1,
} as const;

/** Reserved key inside a KMS encryption context that names the content algorithm. */
export const EC_CEK_ALG_KEY = 'aws:x-amz-cek-alg';
/** Reserved key in legacy `kms` material descriptions. */
export const KMS_CMK_ID_KEY = 'kms_cmk_id';

export const GCM_IV_BYTES = 12;
export const GCM_TAG_BYTES = 16;
export const CBC_IV_BYTES = 16;
export const DATA_KEY_BYTES = 32;

/**
 * EncryptionOnly (no x-amz-wrap-alg) says nothing about the key kind: an RSA PKCS#1 v1.5 blob is
 * as long as the modulus, at least 128 bytes (1024-bit keys, the smallest accepted); anything
 * shorter is for an AES keyring, which refuses it as DECRYPT_FAILED unless it decrypts as
 * AES-ECB (at most 48 bytes). A renamed kms+context or AES/GCM blob (60 bytes and up) thus fails
 * its decryption instead of being routed as "no keyring for it" (format.md §3.1).
 */
export const ENCRYPTION_ONLY_RSA_MIN_BYTES = 128;
export const V3_MESSAGE_ID_BYTES = 28;
export const V3_COMMITMENT_BYTES = 28;
/** NIST SP 800-38D: at most 2^32 - 2 blocks of plaintext per (key, IV). */
export const GCM_MAX_PLAINTEXT_BYTES = 2 ** 36 - 32;
/** Java's default authenticated-decryption buffer. */
export const DEFAULT_BUFFER_BYTES = 64 * 1024 * 1024;
/** S3's limit on the total size of user metadata (keys + values, as sent). */
export const S3_USER_METADATA_LIMIT_BYTES = 2048;
export const DEFAULT_INSTRUCTION_SUFFIX = '.instruction';
/** User-metadata key S3EC writers put on the instruction-file object itself. */
export const INSTRUCTION_FILE_MARKER = 'x-amz-crypto-instr-file';

/** The identifier a wrap binds the data key to: the `x-amz-cek-alg` string (V2) or `115` (V3). */
export function contentIdFor(alg: ContentAlgorithm): string {
  return alg === 'gcm-committing' ? CEK_V3 : alg === 'gcm' ? CEK_GCM : CEK_CBC;
}

/**
 * S3EC content-metadata map keys, exactly as stored (lower case, without S3's `x-amz-meta-` prefix).
 * Constant names follow the spec's suggestions where it makes one.
 * Source: SPEC s3-encryption/data-format/content-metadata.md "Content Metadata MapKeys"; docs/format-notes.md §1.3.
 */

/** Prefix S3 puts in front of user-metadata header names; never part of a mapkey (content-metadata.md). */
export const USER_METADATA_PREFIX = 'x-amz-meta-';

/** V1: base64 wrapped data key; its presence marks the V1 format (content-metadata.md "V1"). */
export const ENCRYPTED_DATA_KEY_V1 = 'x-amz-key';
/** V2: base64 wrapped data key; its presence marks the V2 format (content-metadata.md "V2"). */
export const ENCRYPTED_DATA_KEY_V2 = 'x-amz-key-v2';
/** V1/V2: base64 content IV, 16 bytes for CBC and 12 for GCM (content-metadata.md "x-amz-iv"). */
export const CONTENT_IV = 'x-amz-iv';
/** V1/V2: JSON material description or KMS encryption context, may be S3 double-encoded (content-metadata.md "x-amz-matdesc"). */
export const MAT_DESC = 'x-amz-matdesc';
/** V1/V2: wrap algorithm name; absent means legacy EncryptionOnly wrapping (docs/format-notes.md §1.3, §3.1). */
export const WRAP_ALG = 'x-amz-wrap-alg';
/** V2: content cipher name; absent means AES/CBC/PKCS5Padding (docs/format-notes.md §1.3). */
export const CONTENT_CIPHER = 'x-amz-cek-alg';
/** V2 GCM: tag length in bits, only `128` is valid (content-metadata.md "x-amz-tag-len"). */
export const TAG_LENGTH = 'x-amz-tag-len';
/** Optional plaintext length in bytes, decimal string (content-metadata.md "V1 Only"; docs/format-notes.md §1.3). */
export const UNENCRYPTED_CONTENT_LENGTH = 'x-amz-unencrypted-content-length';

/** V3: base64 wrapped data key; marks V3 in object metadata (content-metadata.md "ENCRYPTED_DATA_KEY_V3"). */
export const ENCRYPTED_DATA_KEY_V3 = 'x-amz-3';
/** V3: decimal algorithm suite id, only `115` (content-metadata.md "CONTENT_CIPHER_V3"). */
export const CONTENT_CIPHER_V3 = 'x-amz-c';
/** V3: compressed wrap algorithm `02`/`12`/`22` (content-metadata.md "ENCRYPTED_DATA_KEY_ALGORITHM_V3"). */
export const ENCRYPTED_DATA_KEY_ALGORITHM_V3 = 'x-amz-w';
/** V3: JSON material description for wraps 02/22, may be S3 double-encoded (content-metadata.md "MAT_DESC_V3"). */
export const MAT_DESC_V3 = 'x-amz-m';
/** V3: JSON KMS encryption context for wrap 12, may be S3 double-encoded (content-metadata.md "ENCRYPTION_CONTEXT_V3"). */
export const ENCRYPTION_CONTEXT_V3 = 'x-amz-t';
/** V3: base64 28-byte key commitment; object metadata only (content-metadata.md "KEY_COMMITMENT_V3"). */
export const KEY_COMMITMENT_V3 = 'x-amz-d';
/** V3: base64 28-byte message id; object metadata only (content-metadata.md "MESSAGE_ID_V3"). */
export const MESSAGE_ID_V3 = 'x-amz-i';

/** The keys that carry the wrapped data key; at most one may be present (content-metadata.md "Determining S3EC Object Status"). */
export const EXCLUSIVE_KEY_KEYS = [ENCRYPTED_DATA_KEY_V1, ENCRYPTED_DATA_KEY_V2, ENCRYPTED_DATA_KEY_V3] as const;

/** V3 keys that MUST live in object metadata and MUST NOT be in an instruction file (metadata-strategy.md "V3 Instruction Files"). */
export const V3_OBJECT_ONLY_KEYS = [CONTENT_CIPHER_V3, KEY_COMMITMENT_V3, MESSAGE_ID_V3] as const;

/** Keys only the V3 format uses; seeing one in a V1/V2 envelope is a format deviation (content-metadata.md). */
export const V3_ONLY_KEYS = [CONTENT_CIPHER_V3, ENCRYPTED_DATA_KEY_ALGORITHM_V3, MAT_DESC_V3, ENCRYPTION_CONTEXT_V3, KEY_COMMITMENT_V3, MESSAGE_ID_V3] as const;

/** Keys only V1/V2 use; seeing one in a V3 envelope is a format deviation (content-metadata.md). */
export const V1_V2_ONLY_KEYS = [CONTENT_IV, MAT_DESC, WRAP_ALG, CONTENT_CIPHER, TAG_LENGTH] as const;

/** JSON-valued keys whose object-metadata values S3 may return RFC 2047 encoded (metadata-strategy.md "Object Metadata"). */
export const DOUBLE_ENCODED_KEYS: ReadonlySet<string> = new Set([MAT_DESC, MAT_DESC_V3, ENCRYPTION_CONTEXT_V3]);

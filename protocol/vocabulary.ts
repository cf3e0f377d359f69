/**
 * The protocol's vocabulary, once: every list here is a const array, its TypeScript type is
 * derived from it, and the JSON Schemas' enums must equal it (protocol/test/schemas.test.ts), so
 * a name added in one place and forgotten in another is a red test rather than a silent mismatch.
 */

/** v1-eo: Java v1 EncryptionOnly (CBC); v1-ae: Java v1 AuthenticatedEncryption (GCM, legacy wraps). */
export const WRITE_FORMATS = ['v1-eo', 'v1-ae', 'v2', 'v3'] as const;
export type WriteFormat = (typeof WRITE_FORMATS)[number];

export const KEY_KINDS = ['aes', 'rsa', 'kms'] as const;
export type KeyKind = (typeof KEY_KINDS)[number];

export const STORAGES = ['metadata', 'instruction'] as const;
export type Storage = (typeof STORAGES)[number];

/**
 * What a case may need an implementation to claim (vectors/ case files, the suites, the claims an
 * adapter's capabilities earn); a case needing an unclaimed feature is not applicable.
 */
export const CASE_FEATURES = [
  'write:v2',
  'write:v3',
  'read:v1',
  'read:v2',
  'read:v3',
  'wrap:aes-gcm',
  'wrap:rsa-oaep-sha1',
  'wrap:kms-context',
  'legacy-wrap:aeswrap',
  'legacy-wrap:rsa-oaep-sha256',
  'legacy-wrap:kms',
  'legacy-wrap:encryption-only',
  'legacy-content:cbc',
  'store:metadata',
  'store:instruction-file',
  /** Writes instruction files (several clients only read them). */
  'write:instruction-file',
  /** Accepts raw AES, RSA or KMS key material (several clients have KMS keyrings only). */
  'key:aes',
  'key:rsa',
  'key:kms',
  'metadata:rfc2047',
  'kms:encryption-context-check',
  /** Ranged GETs (the capabilities feature of the same name). */
  'range',
  /** Instruction-file re-encryption (the capabilities feature of the same name). */
  'reencrypt',
  /** A custom instruction-file suffix on GET. */
  'instruction-file-suffix',
  /** DeleteObject and DeleteObjects through the client (`DELETE /object`, `POST /delete-objects`). */
  'delete',
  /** Multipart uploads through the client (`PUT /object` with `S3cse-Multipart-Part-Size`). */
  'multipart',
] as const;
export type CaseFeature = (typeof CASE_FEATURES)[number];

/** Optional abilities an adapter claims in `GET /capabilities` (PROTOCOL.md). */
export const IMPLEMENTATION_FEATURES = ['range', 'reencrypt', 'instruction-file-suffix', 'encryption-context', 'delayed-authentication', 'delete', 'multipart'] as const;
export type ImplementationFeature = (typeof IMPLEMENTATION_FEATURES)[number];

/**
 * Why an implementation refused, compared across implementations. security: tag, commitment,
 * wrong key, tamper. format: malformed or missing metadata. config: a switch or policy forbids it.
 * unsupported: an algorithm it does not know. service: S3 or KMS failed.
 */
export const ERROR_CATEGORIES = ['security', 'format', 'config', 'unsupported', 'service'] as const;
export type ErrorCategory = (typeof ERROR_CATEGORIES)[number];

/** Where a case expects the refusal (test262's negative phase); informative, never compared. */
export const ERROR_STAGES = ['client-config', 'metadata', 'instruction-file', 'policy', 'key-unwrap', 'encryption-context', 'commitment', 'content', 'range'] as const;
export type ErrorStage = (typeof ERROR_STAGES)[number];

/** What an adapter's error body may say (error.schema.json): the categories plus a missing object. */
export const REFUSAL_CATEGORIES = [...ERROR_CATEGORIES, 'not-found'] as const;
/** `unknown`: the adapter sent no category, or one outside the protocol (AWS's own servers do). */
export type RefusalCategory = (typeof REFUSAL_CATEGORIES)[number] | 'unknown';

export const COMMITMENT_POLICIES = ['REQUIRE_ENCRYPT_REQUIRE_DECRYPT', 'REQUIRE_ENCRYPT_ALLOW_DECRYPT', 'FORBID_ENCRYPT_ALLOW_DECRYPT'] as const;
export type CommitmentPolicy = (typeof COMMITMENT_POLICIES)[number];

/**
 * The algorithm suites a client may be configured with. The two CTR suites exist only to decrypt
 * ranges (s3-encryption/encryption.md): a client asked to encrypt with one must refuse.
 */
export const ENCRYPTION_ALGORITHMS = [
  'ALG_AES_256_CBC_IV16_NO_KDF',
  'ALG_AES_256_GCM_IV12_TAG16_NO_KDF',
  'ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY',
  'ALG_AES_256_CTR_IV16_TAG16_NO_KDF',
  'ALG_AES_256_CTR_HKDF_SHA512_COMMIT_KEY',
] as const;
export type EncryptionAlgorithm = (typeof ENCRYPTION_ALGORITHMS)[number];

/** One write or read claim of a capabilities document: a format, with the keys and storages it covers. */
export interface Claim {
  readonly format: WriteFormat;
  readonly keys: readonly KeyKind[];
  readonly storage: readonly Storage[];
}

/** Whether `value` is one of `list`: narrows an untrusted string (an adapter's answer) to the type. */
export function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}

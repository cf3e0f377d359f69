/**
 * The algorithms of S3EC metadata, one record each: what every layer needs to know about a content
 * cipher or a key wrap is looked up here, so a new rule for an algorithm is written once.
 * Sources: s3-encryption/data-format/content-metadata.md, framework/algorithm-suites.md.
 */

/** Content algorithms the reference knows. `gcm` = 0x0072, `cbc` = 0x0070, `gcm-committing` = 0x0073. */
export type ContentAlgorithm = 'gcm' | 'cbc' | 'gcm-committing';

/** Message formats the reference writes: V2 (AES-GCM) or V3 (key-committing AES-GCM, suite 115). */
export type WriteFormat = 'v2' | 'v3';

export const GCM_IV_BYTES = 12;
export const GCM_TAG_BYTES = 16;
export const CBC_IV_BYTES = 16;
export const DATA_KEY_BYTES = 32;

interface ContentSpec {
  /**
   * The stored name (`x-amz-cek-alg` for V1/V2, the decimal suite id in `x-amz-c` for V3), which
   * is also what a wrap binds the data key to (AES/GCM AAD, RSA composite, `aws:x-amz-cek-alg`).
   */
  readonly id: string;
  /** Suite id (algorithm-suites.md); V3 uses it big-endian as HKDF label prefix and content AAD. */
  readonly suite: number;
  /** Length of `x-amz-iv`; V3 stores no IV (it is fixed, the key is derived). */
  readonly ivBytes?: number;
  /** The format the reference writes this content in; CBC is read only. */
  readonly writtenAs?: WriteFormat;
  /** How messages name it. */
  readonly label: string;
}

export const CONTENT: Readonly<Record<ContentAlgorithm, ContentSpec>> = {
  gcm: { id: 'AES/GCM/NoPadding', suite: 0x0072, ivBytes: GCM_IV_BYTES, writtenAs: 'v2', label: 'AES/GCM' },
  cbc: { id: 'AES/CBC/PKCS5Padding', suite: 0x0070, ivBytes: CBC_IV_BYTES, label: 'AES/CBC' },
  'gcm-committing': { id: '115', suite: 0x0073, writtenAs: 'v3', label: 'key-committing AES/GCM' },
};

/** The content a writer of `format` produces. */
export function contentFor(format: WriteFormat): ContentAlgorithm {
  return format === 'v3' ? 'gcm-committing' : 'gcm';
}

/** The identifier a wrap binds the data key to: the `x-amz-cek-alg` string (V2) or `115` (V3). */
export function contentIdFor(alg: ContentAlgorithm): string {
  return CONTENT[alg].id;
}

/** The same identifier as the UTF-8 bytes the AES/GCM AAD and the RSA composite carry. */
export function contentIdBytes(alg: ContentAlgorithm): Buffer {
  return Buffer.from(CONTENT[alg].id, 'utf8');
}

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

export type KeyringKind = 'aes' | 'rsa' | 'kms';

interface WrapSpec {
  /** The keyring that opens it; EncryptionOnly names none (its wrapped key's length decides). */
  readonly keyring?: KeyringKind;
  /** Never written, and read only with the legacy-wrapping switch on. */
  readonly legacy: boolean;
  /** Compressed `x-amz-w` code, for the wraps V3 can carry. */
  readonly v3Code?: string;
}

export const WRAPS: Readonly<Record<WrapAlgorithm, WrapSpec>> = {
  [WRAP.AES_GCM]: { keyring: 'aes', legacy: false, v3Code: '02' },
  [WRAP.KMS_CONTEXT]: { keyring: 'kms', legacy: false, v3Code: '12' },
  [WRAP.RSA_OAEP_SHA1]: { keyring: 'rsa', legacy: false, v3Code: '22' },
  [WRAP.AES_WRAP]: { keyring: 'aes', legacy: true },
  [WRAP.RSA_OAEP_SHA256]: { keyring: 'rsa', legacy: true },
  [WRAP.KMS]: { keyring: 'kms', legacy: true },
  none: { legacy: true },
};

/**
 * EncryptionOnly (no x-amz-wrap-alg) says nothing about the key kind: an RSA PKCS#1 v1.5 blob is
 * as long as the modulus, at least 128 bytes (1024-bit keys, the smallest accepted); anything
 * shorter is for an AES keyring, which refuses it as DECRYPT_FAILED unless it decrypts as
 * AES-ECB (at most 48 bytes). A renamed kms+context or AES/GCM blob (60 bytes and up) thus fails
 * its decryption instead of being routed as "no keyring for it" (docs/format-notes.md §3.1).
 */
const ENCRYPTION_ONLY_RSA_MIN_BYTES = 128;

/**
 * The record of a wrap name; undefined for a name outside the table (an Envelope built by hand
 * can carry any string, and `constructor` must not resolve through the prototype).
 */
export function wrapSpec(wrap: string): WrapSpec | undefined {
  return Object.hasOwn(WRAPS, wrap) ? WRAPS[wrap as WrapAlgorithm] : undefined;
}

/** The keyring kind that can open a wrapped key, decided from metadata alone. */
export function keyringKindFor(wrap: WrapAlgorithm, encryptedKey: Uint8Array): KeyringKind | undefined {
  const spec = wrapSpec(wrap);
  if (spec === undefined) return undefined;
  return spec.keyring ?? (encryptedKey.length >= ENCRYPTION_ONLY_RSA_MIN_BYTES ? 'rsa' : 'aes');
}

/** A wrap as messages name it; EncryptionOnly has no name of its own. */
export function describeWrap(wrap: WrapAlgorithm, encryptedKey: Uint8Array): string {
  return wrap === 'none' ? `EncryptionOnly (no x-amz-wrap-alg, ${encryptedKey.length}-byte key)` : wrap;
}

/** The wrap an `x-amz-wrap-alg` value names, if it is one (an absent value is `none`). */
export function wrapNamed(name: string): WrapAlgorithm | undefined {
  return name !== 'none' && wrapSpec(name) !== undefined ? (name as WrapAlgorithm) : undefined;
}

/** The wrap an `x-amz-w` code stands for (content-metadata.md "x-amz-w"). */
export function wrapForV3Code(code: string): WrapAlgorithm | undefined {
  return (Object.keys(WRAPS) as WrapAlgorithm[]).find((wrap) => WRAPS[wrap].v3Code === code);
}

/** AES key sizes, in bytes, with their cipher-name bits; data keys and AES master keys alike. */
const AES_KEY_BITS: ReadonlyMap<number, 128 | 192 | 256> = new Map([
  [16, 128],
  [24, 192],
  [32, 256],
]);

export function aesKeyBits(bytes: number): 128 | 192 | 256 | undefined {
  return AES_KEY_BITS.get(bytes);
}

/** A data key is an AES key: 16, 24 or 32 bytes (S3EC writers make 32; V1-era objects have 16). */
export function isDataKeyLength(bytes: number): boolean {
  return AES_KEY_BITS.has(bytes);
}

/** Reserved key inside a KMS encryption context that names the content algorithm. */
export const EC_CEK_ALG_KEY = 'aws:x-amz-cek-alg';
/** Reserved key in legacy `kms` material descriptions. */
export const KMS_CMK_ID_KEY = 'kms_cmk_id';

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

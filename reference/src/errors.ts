/**
 * One error class for everything the reference implementation refuses, with a stable `code`.
 *
 * Callers (and the conformance harness) branch on `code`, never on `message`. Messages are for
 * people and never contain key material: only lengths, algorithm names and metadata key names.
 */

export const ERROR_CODES = {
  /** The object carries no S3EC metadata and no instruction file was found for it. */
  NOT_ENCRYPTED: 'format',
  /** Metadata (or an instruction file) is present but malformed, ambiguous or inconsistent. */
  MALFORMED_METADATA: 'format',
  /** Metadata names an algorithm or value this implementation does not know. */
  UNSUPPORTED: 'unsupported',
  /** The object uses a legacy algorithm and the caller did not enable legacy reads. */
  LEGACY_DISABLED: 'config',
  /** Authentication failed: bad tag, bad padding, wrong key, tampered key or IV. Deliberately one code. */
  DECRYPT_FAILED: 'security',
  /** V3 key commitment does not match the data key. */
  COMMITMENT_MISMATCH: 'security',
  /**
   * The commitment policy refuses the object (REQUIRE_ENCRYPT_REQUIRE_DECRYPT and content without
   * key commitment, i.e. V1/V2). A reader setting, like LEGACY_DISABLED.
   */
  COMMITMENT_POLICY: 'config',
  /** Stored KMS encryption context disagrees with the caller's context or with the content algorithm. */
  CONTEXT_MISMATCH: 'security',
  /** The configured keys cannot serve this object (wrong keyring kind, no key for its description). */
  KEY_MISMATCH: 'config',
  /** AWS KMS refused or failed a request. */
  KMS_ERROR: 'service',
  /** The object has no S3EC metadata and its instruction file does not exist. */
  INSTRUCTION_FILE_MISSING: 'format',
  /** The ciphertext is larger than the authenticated-decryption buffer. */
  TOO_LARGE: 'config',
  /** The metadata would exceed S3's 2 KB user-metadata limit. */
  METADATA_TOO_LARGE: 'config',
  /** A caller-supplied argument or configuration is invalid. */
  INVALID_ARGUMENT: 'config',
  /**
   * A configuration file (EMRFS `emrfs-site` as EMR configuration JSON or Hadoop XML) is malformed
   * or gives a property a value it cannot take; the message names the file and the property.
   */
  INVALID_CONFIGURATION: 'config',
  /**
   * An encrypted multipart upload was used against its rules: a part out of order, a non-last
   * part not a multiple of 16 bytes, a part after the last, completion before the last part, an
   * upload this client does not hold. A refused part or completion also aborts the upload.
   */
  MULTIPART_MISUSE: 'config',
  /**
   * Re-encryption would not rotate the key: the new keyring stores the same material description,
   * or (enforceRotation) the client's current keys can still open the re-wrapped data key.
   */
  ROTATION_REFUSED: 'config',
  /**
   * Amazon S3 (or the S3 endpoint) failed a request, including a body that broke off or ended
   * before its Content-Length (the client retries those while no plaintext has been released).
   */
  S3_ERROR: 'service',
  /**
   * A body handed to the offline API (`decryptObject`) failed while it was read: the stream the
   * caller gave errored. The cause is attached; nothing about the object is judged.
   */
  BODY_READ_FAILED: 'service',
  /**
   * A ranged GET asked for bytes the object does not have: S3's 416 InvalidRange, judged against
   * the plaintext length (the stored object is 16 bytes longer).
   */
  INVALID_RANGE: 'service',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
/** Coarse category, what cross-implementation suites compare. */
export type ErrorCategory = (typeof ERROR_CODES)[ErrorCode];

interface S3EncryptionErrorOptions {
  readonly cause?: unknown;
  /**
   * Set when the failure ended a plaintext stream that had already released this many bytes
   * without authentication (delayed authentication, or CBC): the caller must discard them.
   */
  readonly releasedUnauthenticatedBytes?: number;
}

export class S3EncryptionError extends Error {
  override readonly name = 'S3EncryptionError';
  readonly code: ErrorCode;
  readonly category: ErrorCategory;
  readonly releasedUnauthenticatedBytes?: number;

  constructor(code: ErrorCode, message: string, options?: S3EncryptionErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.category = ERROR_CODES[code];
    if (options?.releasedUnauthenticatedBytes !== undefined) this.releasedUnauthenticatedBytes = options.releasedUnauthenticatedBytes;
  }
}

/** Throw helper that keeps call sites to one line. */
export function fail(code: ErrorCode, message: string, cause?: unknown): never {
  throw new S3EncryptionError(code, message, cause === undefined ? undefined : { cause });
}

export function isS3EncryptionError(e: unknown): e is S3EncryptionError {
  return e instanceof S3EncryptionError;
}

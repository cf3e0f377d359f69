import type { ContentAlgorithm, KeyringKind, WrapAlgorithm } from '../algorithms.js';
import type { Description, Envelope } from '../metadata/envelope.js';

export interface WrapRequest {
  /** Content algorithm the data key will encrypt with; wraps bind the key to it. */
  readonly content: ContentAlgorithm;
  /**
   * Per-request description. For KMS keyrings it is merged into the encryption context;
   * raw keyrings ignore it (their own description is what gets stored), as Java does.
   */
  readonly description: Description;
  /**
   * Wrap this existing data key instead of generating one (re-encryption, `reencrypt.ts`). Raw
   * keyrings honour it; a keyring that cannot (KMS generates its own keys) returns another key,
   * which the caller detects by comparing `WrappedKey.dataKey`.
   */
  readonly dataKey?: Uint8Array;
}

export interface WrappedKey {
  /** Handed over: the caller owns it from here and zeroes it once the content cipher has it. */
  readonly dataKey: Uint8Array;
  readonly encryptedKey: Uint8Array;
  readonly wrap: WrapAlgorithm;
  /** Description to store in `x-amz-matdesc` / `x-amz-m` / `x-amz-t`. */
  readonly description: Description;
}

export interface UnwrapRequest {
  readonly envelope: Envelope;
  /** Allow the legacy wraps: AESWrap, RSA-OAEP-SHA256, kms, and EncryptionOnly (no wrap-alg). */
  readonly legacyWrapping: boolean;
  /** Caller's encryption context for kms+context objects; compared to the stored one. */
  readonly encryptionContext?: Description;
}

/**
 * Holds a master key and wraps/unwraps data keys with it. The reference's keyrings get their
 * ownership, legacy-switch and postcondition rules from `KeyringBase` (base.ts).
 * Precondition for unwrap: the envelope was decoded and validated by the metadata codec.
 * Postcondition: the returned data key is 16, 24 or 32 bytes, and handed over to the caller,
 * which zeroes it after use (`DataKeyMaterials`, src/materials.ts).
 */
export interface Keyring {
  readonly kind: KeyringKind;
  wrap(request: WrapRequest): Promise<WrappedKey>;
  unwrap(request: UnwrapRequest): Promise<Uint8Array>;
}

/**
 * Chooses keys per object, modelled on Java's `EncryptionMaterialsProvider`: on write it sees the
 * object and the caller's request description and returns a keyring whose own description is
 * what gets stored; on read it sees the stored description and returns the keyring that opens it.
 */
export interface MaterialsProvider {
  encryptionKeyring(request: ObjectKeyRequest): Promise<Keyring>;
  decryptionKeyring(request: ObjectKeyRequest & { readonly wrap: WrapAlgorithm }): Promise<Keyring>;
}

export interface ObjectKeyRequest {
  readonly bucket?: string;
  readonly key?: string;
  /** On write: the caller's request description. On read: the stored description. */
  readonly description: Description;
}

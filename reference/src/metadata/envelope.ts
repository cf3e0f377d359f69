import type { ContentAlgorithm, WrapAlgorithm } from '../algorithms.js';

/** A JSON map of strings: a material description (raw keys) or a KMS encryption context. */
export type Description = Record<string, string>;

/** Metadata format version, from the exclusive key that carries the wrapped data key. */
export type FormatVersion = 'v1' | 'v2' | 'v3';

/** Where the envelope is (or is to be) stored. */
export type StorageMode = 'metadata' | 'instruction';

/**
 * Everything needed to decrypt one object, independent of where and how it was stored.
 * Decoded from (and encoded to) S3EC content metadata by `metadata/codec.ts`.
 */
export interface Envelope {
  readonly format: FormatVersion;
  readonly content: ContentAlgorithm;
  readonly wrap: WrapAlgorithm;
  /** The wrapped (encrypted) data key. */
  readonly encryptedKey: Uint8Array;
  /** Content IV: 12 bytes (GCM) or 16 bytes (CBC). V1/V2 only. */
  readonly iv?: Uint8Array;
  /** V3 only: 28-byte message id (`x-amz-i`), the HKDF salt. */
  readonly messageId?: Uint8Array;
  /** V3 only: 28-byte key commitment (`x-amz-d`). */
  readonly commitment?: Uint8Array;
  /** Material description or KMS encryption context; `{}` when absent. */
  readonly description: Description;
  /** `x-amz-unencrypted-content-length`, when the writer stored it. */
  readonly plaintextLength?: number;
}

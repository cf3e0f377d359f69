/**
 * Key derivation and key commitment for ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY, suite 0x0073
 * (the V3 format; format.md §2.3, spec s3-encryption/key-derivation.md).
 *
 * One HKDF-SHA512 extract (salt = 28-byte message id, IKM = 32-byte data key) feeds two expands:
 * 32 bytes of content key under info `00 73 ‖ "DERIVEKEY"` and a 28-byte commitment under
 * `00 73 ‖ "COMMITKEY"`. The commitment, stored in `x-amz-d`, binds the body to one data key so a
 * tampered instruction file cannot substitute another key. Readers must compare it (in constant
 * time) before decrypting anything with the derived key.
 */
import { hkdfSync, timingSafeEqual } from 'node:crypto';
import { CONTENT, DATA_KEY_BYTES, V3_COMMITMENT_BYTES, V3_MESSAGE_ID_BYTES } from '../algorithms.js';
import { fail } from '../errors.js';
import { failDecrypt } from './failure.js';

interface CommittedKeys {
  /** AES-256-GCM key for the body. */
  readonly encryptionKey: Buffer;
  /** The value `x-amz-d` must hold. */
  readonly commitment: Buffer;
}

/** Big-endian suite id, used as HKDF label prefix and as the content AAD. */
const SUITE_ID = Buffer.alloc(2);
SUITE_ID.writeUInt16BE(CONTENT['gcm-committing'].suite);
const DERIVE_KEY_INFO = Buffer.concat([SUITE_ID, Buffer.from('DERIVEKEY', 'ascii')]);
const COMMIT_KEY_INFO = Buffer.concat([SUITE_ID, Buffer.from('COMMITKEY', 'ascii')]);
const DERIVED_KEY_BYTES = 32;

/** The V3 content IV: fixed at twelve 0x01 bytes (format.md §2.3 step 4; kats.md finding 1). Do not mutate. */
export const V3_CONTENT_IV: Buffer = Buffer.alloc(12, 0x01);
/** The V3 content AAD: the suite id `00 73`. Do not mutate. */
export const V3_CONTENT_AAD: Buffer = Buffer.from(SUITE_ID);

export function deriveCommittedKeys(dataKey: Uint8Array, messageId: Uint8Array): CommittedKeys {
  if (messageId.byteLength !== V3_MESSAGE_ID_BYTES) {
    fail('MALFORMED_METADATA', `V3 message id (x-amz-i) must be ${V3_MESSAGE_ID_BYTES} bytes, got ${messageId.byteLength}`);
  }
  // A data key of another size cannot be the one this object was written with.
  if (dataKey.byteLength !== DATA_KEY_BYTES) failDecrypt();
  // hkdfSync repeats the (cheap) extract step per call; the result is identical to one extract
  // followed by two expands because both use the same salt and IKM.
  const expand = (info: Buffer, length: number): Buffer => Buffer.from(hkdfSync('sha512', dataKey, messageId, info, length));
  return {
    encryptionKey: expand(DERIVE_KEY_INFO, DERIVED_KEY_BYTES),
    commitment: expand(COMMIT_KEY_INFO, V3_COMMITMENT_BYTES),
  };
}

/**
 * Compares the stored commitment (`x-amz-d`) with the derived one in constant time.
 * A length difference is reported the same way as a content difference.
 */
export function verifyCommitment(expected: Uint8Array, actual: Uint8Array): void {
  if (expected.byteLength !== actual.byteLength || !timingSafeEqual(expected, actual)) {
    fail('COMMITMENT_MISMATCH', 'Key commitment (x-amz-d) does not match the one derived from the data key and message id');
  }
}

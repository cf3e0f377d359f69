/**
 * Streaming AES-GCM for object bodies: body = ciphertext ‖ 16-byte tag (docs/format-notes.md §2.2; the V3
 * suite 0x0073 uses the same layout with a derived key, fixed IV and AAD, §2.3).
 *
 * Decryption comes in the two shapes of docs/format-notes.md §6.3:
 * - buffered (the default): nothing is released until the tag has verified, so memory grows with
 *   the object and is capped by the caller's buffer size (Java's default: 64 MiB);
 * - streaming ("delayed authentication", opt-in): plaintext flows as it is decrypted and a bad tag
 *   surfaces as an error at the end of the stream.
 *
 * Error mapping: on decryption, a data key of the wrong size is an authentication failure like any
 * other wrong key (DECRYPT_FAILED), and an IV of the wrong size is bad metadata (it comes from
 * `x-amz-iv`). On encryption both are caller mistakes (INVALID_ARGUMENT).
 */
import { createCipheriv, type CipherGCM } from 'node:crypto';
import { aesKeyBits, GCM_IV_BYTES, GCM_MAX_PLAINTEXT_BYTES, GCM_TAG_BYTES } from '../algorithms.js';
import { fail } from '../errors.js';
import { GcmOpener, type GcmParams } from './gcm-opener.js';

export type { GcmParams } from './gcm-opener.js';

export { DECRYPT_FAILED_MESSAGE } from './failure.js';

interface BufferedDecryptOptions {
  /** Largest ciphertext (including the tag) that may be held while waiting for the tag. */
  readonly maxCiphertextBytes: number;
  /** Length announced by the transport (S3 `Content-Length`), checked before reading anything. */
  readonly declaredLength?: number;
}

/**
 * Encrypts a plaintext stream, yielding ciphertext as it is produced and then the tag.
 * Parameters are checked when this is called, not on the first `next()`.
 */
export function encryptGcm(source: AsyncIterable<Uint8Array>, params: GcmParams): AsyncGenerator<Buffer> {
  return sealChunks(source, createGcmCipher(params));
}

/**
 * The encrypting cipher for `params`, which holds its own copy of the key from here on (so the
 * caller may zero its key). A wrong key or IV size is the caller's mistake (INVALID_ARGUMENT).
 */
//= specification/s3-encryption/encryption.md#alg-aes-256-gcm-iv12-tag16-no-kdf
//# The client MUST initialize the cipher, or call an AES-GCM encryption API, with the plaintext data key, the generated IV, and the tag length defined in the Algorithm Suite when encrypting with ALG_AES_256_GCM_IV12_TAG16_NO_KDF.
//= specification/s3-encryption/encryption.md#alg-aes-256-gcm-iv12-tag16-no-kdf
//# The client MUST NOT provide any AAD when encrypting with ALG_AES_256_GCM_IV12_TAG16_NO_KDF.
//= specification/s3-encryption/key-derivation.md#hkdf-operation
//# The client MUST initialize the cipher, or call an AES-GCM encryption API, with the derived encryption key, an IV containing only bytes with the value 0x01, and the tag length defined in the Algorithm Suite when encrypting or decrypting with ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY.
//= specification/s3-encryption/key-derivation.md#hkdf-operation
//# The client MUST set the AAD to the Algorithm Suite ID represented as bytes.
export function createGcmCipher(params: GcmParams): CipherGCM {
  const bits = aesKeyBits(params.key.byteLength);
  if (bits === undefined) fail('INVALID_ARGUMENT', `a ${params.key.byteLength}-byte data key cannot be an AES-GCM key (16, 24 or 32 bytes)`);
  if (params.iv.byteLength !== GCM_IV_BYTES) fail('INVALID_ARGUMENT', `AES-GCM IV must be ${GCM_IV_BYTES} bytes, got ${params.iv.byteLength}`);
  const cipher = createCipheriv(`aes-${bits}-gcm`, params.key, params.iv, { authTagLength: GCM_TAG_BYTES });
  if (params.aad !== undefined) cipher.setAAD(params.aad);
  return cipher;
}

/**
 * Runs a whole plaintext stream through `cipher`, then yields the tag. `expected`: the plaintext
 * length the caller declared; a stream that turns out longer or shorter fails (INVALID_ARGUMENT)
 * before the tag, since S3 would store a truncated object. Checked here rather than in a
 * generator of its own: each generator in the chain costs an await per chunk.
 */
export async function* sealChunks(source: AsyncIterable<Uint8Array>, cipher: CipherGCM, expected?: number): AsyncGenerator<Buffer> {
  let plaintextBytes = 0;
  for await (const chunk of source) {
    plaintextBytes += chunk.byteLength;
    if (expected !== undefined && plaintextBytes > expected) fail('INVALID_ARGUMENT', `body is longer than contentLength ${expected}`);
    // Checked before encrypting the chunk: one (key, IV) may cover at most 2^32 - 2 blocks
    // (NIST SP 800-38D; docs/format-notes.md §2.2, §6.5). Java refuses such content lengths too.
    //= specification/s3-encryption/encryption.md#content-encryption
    //# The client MUST validate that the length of the plaintext bytes does not exceed the algorithm suite's cipher's maximum content length in bytes.
    if (plaintextBytes > GCM_MAX_PLAINTEXT_BYTES) {
      fail('TOO_LARGE', `AES-GCM plaintext exceeds the limit of ${GCM_MAX_PLAINTEXT_BYTES} bytes for one key and IV`);
    }
    const out = cipher.update(chunk);
    if (out.length > 0) yield out;
  }
  if (expected !== undefined && plaintextBytes !== expected) fail('INVALID_ARGUMENT', `body has ${plaintextBytes} bytes, contentLength says ${expected}`);
  // GCM's final() produces no bytes; the tag is the whole trailer.
  //= specification/s3-encryption/encryption.md#alg-aes-256-gcm-iv12-tag16-no-kdf
  //# The client MUST append the GCM auth tag to the ciphertext if the underlying crypto provider does not do so automatically.
  //= specification/s3-encryption/encryption.md#alg-aes-256-gcm-hkdf-sha512-commit-key
  //# The client MUST append the GCM auth tag to the ciphertext if the underlying crypto provider does not do so automatically.
  yield Buffer.concat([cipher.final(), cipher.getAuthTag()]);
}

/**
 * Authenticated decryption: resolves with the plaintext chunks only after the tag has verified.
 * Memory grows with the object, hence the limit.
 */
export async function decryptGcmBuffered(source: AsyncIterable<Uint8Array>, params: GcmParams, options: BufferedDecryptOptions): Promise<Buffer[]> {
  const limit = options.maxCiphertextBytes;
  if (options.declaredLength !== undefined && options.declaredLength > limit) failTooLarge(options.declaredLength, limit);
  const opener = new GcmOpener(params, options.declaredLength);
  const held: Buffer[] = [];
  let received = 0;
  try {
    for await (const chunk of source) {
      received += chunk.byteLength;
      if (received > limit) failTooLarge(received, limit);
      held.push(...opener.push(chunk));
    }
    opener.finish();
  } catch (error) {
    // Plaintext that failed authentication must not linger in memory either.
    for (const part of held) part.fill(0);
    throw error;
  }
  return held;
}

/**
 * Delayed authentication: yields plaintext as it is decrypted (holding back only the 16 bytes that
 * may be the tag) and throws DECRYPT_FAILED at the end if the tag does not verify. The caller has
 * opted in to seeing unauthenticated plaintext and must discard it on that error.
 */
export function decryptGcmStreaming(source: AsyncIterable<Uint8Array>, params: GcmParams): AsyncGenerator<Buffer> {
  return openChunks(source, new GcmOpener(params));
}

async function* openChunks(source: AsyncIterable<Uint8Array>, opener: GcmOpener): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    for (const out of opener.push(chunk)) yield out;
  }
  opener.finish();
}

function failTooLarge(bytes: number, limit: number): never {
  fail(
    'TOO_LARGE',
    `Encrypted body of ${bytes} bytes or more exceeds the ${limit}-byte buffer for authenticated decryption; ` +
      'raise the buffer size, or enable delayed authentication to stream plaintext before the tag is checked',
  );
}

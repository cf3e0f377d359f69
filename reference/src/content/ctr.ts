/**
 * Decrypting a byte range of an AES-GCM body with AES-CTR (docs/format-notes.md §2.4; spec decryption.md
 * "Ranged Gets": ALG_AES_256_CTR_IV16_TAG16_NO_KDF for suite 0x0072, the CTR form of 0x0073 for V3).
 *
 * GCM encrypts plaintext block i with the counter block IV ‖ BE32(2 + i) (J0 = IV ‖ 00000001 is
 * kept for the tag), so AES-CTR started at that counter yields the same keystream from any block
 * boundary. Node's CTR increments the whole 128-bit block, GCM only the low 32 bits; the two agree
 * because a valid body has at most 2^32 - 2 blocks and the low word never wraps.
 *
 * Nothing here is authenticated: the tag covers the whole body and cannot be checked from a part.
 * That is why ranged GET sits behind `legacyUnauthenticatedModes`, as in the Java clients.
 */
import { createDecipheriv } from 'node:crypto';
import { aesKeyBits, GCM_IV_BYTES, GCM_MAX_PLAINTEXT_BYTES } from '../algorithms.js';
import { fail } from '../errors.js';
import { failDecrypt } from './failure.js';

const BLOCK_BYTES = 16;
/** GCM's first plaintext counter is J0 + 1 = IV ‖ 00000002. */
const FIRST_COUNTER = 2;

/**
 * Where a fetched slice of the body sits and which plaintext bytes are wanted from it. All
 * offsets are absolute positions in the stored body (= plaintext positions, GCM adds no prefix).
 */
export interface CipherWindow {
  /** Offset of the first byte the source yields (S3's Content-Range start). */
  readonly fetchedFrom: number;
  /** Block-aligned offset where decryption starts (≥ fetchedFrom). */
  readonly decryptFrom: number;
  /** First plaintext byte returned (≥ decryptFrom, in the same block). */
  readonly first: number;
  /** Last plaintext byte returned, inclusive; always before the tag. */
  readonly last: number;
}

interface CtrParams {
  /** The GCM content key (V2: the data key; V3: the derived key). */
  readonly key: Uint8Array;
  /** The 12-byte GCM IV (V3: twelve 0x01 bytes). */
  readonly iv: Uint8Array;
}

/** The AES-CTR initial counter block for the body's `block`-th 16-byte block. */
export function counterBlock(iv: Uint8Array, block: number): Buffer {
  const counter = FIRST_COUNTER + block;
  if (!Number.isSafeInteger(block) || block < 0 || counter > 0xffffffff) {
    fail('INVALID_ARGUMENT', `block ${block} is beyond the AES-GCM counter space`);
  }
  const out = Buffer.alloc(BLOCK_BYTES);
  out.set(iv, 0);
  out.writeUInt32BE(counter, GCM_IV_BYTES);
  return out;
}

/**
 * Yields exactly plaintext bytes `first..last` of the window from the fetched ciphertext slice, then
 * stops reading (the rest of the slice, tag bytes included, is never decrypted or returned).
 * A slice that ends early is S3's fault: it sent fewer bytes than its Content-Range announced.
 */
export function decryptCtrWindow(source: AsyncIterable<Uint8Array>, params: CtrParams, window: CipherWindow): AsyncGenerator<Buffer> {
  const { fetchedFrom, decryptFrom, first, last } = window;
  if (decryptFrom % BLOCK_BYTES !== 0 || fetchedFrom > decryptFrom || decryptFrom > first || first - decryptFrom >= BLOCK_BYTES || last < first || last >= GCM_MAX_PLAINTEXT_BYTES) {
    fail('INVALID_ARGUMENT', `inconsistent range window ${JSON.stringify(window)}`);
  }
  if (params.iv.byteLength !== GCM_IV_BYTES) fail('MALFORMED_METADATA', `AES-GCM IV must be ${GCM_IV_BYTES} bytes, got ${params.iv.byteLength}`);
  const bits = aesKeyBits(params.key.byteLength);
  // A data key of another size cannot be the one this object was written with.
  if (bits === undefined) failDecrypt();
  const decipher = createDecipheriv(`aes-${bits}-ctr`, params.key, counterBlock(params.iv, decryptFrom / BLOCK_BYTES));
  return sliceAndDecrypt(source, decipher, decryptFrom - fetchedFrom, first - decryptFrom, last - first + 1);
}

async function* sliceAndDecrypt(
  source: AsyncIterable<Uint8Array>,
  decipher: ReturnType<typeof createDecipheriv>,
  skipCiphertext: number,
  skipPlaintext: number,
  wanted: number,
): AsyncGenerator<Buffer> {
  let toSkip = skipCiphertext;
  // Bytes still to decrypt: the lead-in of the first block (discarded) plus what is returned.
  let toDecrypt = skipPlaintext + wanted;
  let toDrop = skipPlaintext;
  for await (const chunk of source) {
    let piece = chunk;
    if (toSkip > 0) {
      const n = Math.min(toSkip, piece.byteLength);
      toSkip -= n;
      piece = piece.subarray(n);
    }
    if (piece.byteLength === 0) continue;
    if (piece.byteLength > toDecrypt) piece = piece.subarray(0, toDecrypt);
    toDecrypt -= piece.byteLength;
    let plain = decipher.update(piece);
    if (toDrop > 0) {
      const n = Math.min(toDrop, plain.length);
      toDrop -= n;
      plain = plain.subarray(n);
    }
    if (plain.length > 0) yield plain;
    // Leaving the loop returns the source iterator, which closes the HTTP body early.
    if (toDecrypt === 0) return;
  }
  fail('S3_ERROR', `the ranged body ended ${toDecrypt} bytes early`);
}
